/**
 * Mantine's global styles, loaded by every page (main.tsx imports this first). Each component's own
 * style sheet is not imported here: the build adds it beside the component's code
 * (`vite-mantine-styles.ts`), so a page's chunk carries the styles of exactly the components it
 * uses. The build also puts each sheet in its own cascade layer inside `mantine`, declared here in
 * the first sheet in Mantine's order, so the cascade does not depend on the order chunks arrive in.
 */
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/default-css-variables.css';
import '@mantine/core/styles/global.css';
