import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { Children, Component, isValidElement, lazy, Suspense, type ComponentType, type ErrorInfo, type ReactNode } from 'react';

/**
 * Pages load with their route: each page is its own chunk of JavaScript (and of Mantine's styles),
 * fetched the first time it is opened, so the sign-in page and the portal do not carry the staff
 * app. `lazyPage` wraps such a page: a plain loading state while its chunk arrives, and plain words
 * with a reload button when the chunk cannot be fetched (a deploy replaced it, the network dropped).
 */

/** What the page shows while its code loads. */
export function PageLoading() {
  return (
    <Center py="xl" mih="40vh">
      <Stack align="center" gap="xs">
        <Loader aria-label="Loading" />
        <Text c="dimmed" size="sm">
          Loading…
        </Text>
      </Stack>
    </Center>
  );
}

/**
 * True for the errors a browser gives when a script or style chunk cannot be fetched: Chromium's
 * "Failed to fetch dynamically imported module", Firefox's "error loading dynamically imported
 * module", Safari's "Importing a module script failed", Vite's "Unable to preload CSS".
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return /dynamically imported module|importing a module script failed|unable to preload css|error loading dynamically imported/i.test(
    message,
  );
}

/** The words shown instead of a page that failed, by what failed. */
export function pageFailureText(error: unknown): { title: string; text: string } {
  return isChunkLoadError(error)
    ? {
        title: 'This page could not be loaded',
        text: 'Kairos may have been updated since this tab was opened, or the connection dropped. Reloading fetches the current version; nothing you saved is lost.',
      }
    : {
        title: 'This page stopped working',
        text: 'Something went wrong while showing this page. Reloading usually clears it; if it comes back, tell your administrator what you were doing.',
      };
}

interface BoundaryState {
  error: unknown;
}

/** Catches a page that failed to load (or to render) and says so in plain words, never a blank page. */
export class PageLoadBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: undefined };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error ?? new Error('unknown error') };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The developer console only: no patient data is in a chunk URL or a render stack.
    // eslint-disable-next-line no-console -- the only place a failed page leaves a trace
    console.error('Kairos: a page failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    const { title, text } = pageFailureText(this.state.error);
    return (
      <Center py="xl">
        <Alert color="red" title={title} maw={560} role="alert">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{text}</Text>
            <Button onClick={() => window.location.reload()}>Reload the page</Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
}

/** A page from `lazyPage`: a component that can also start fetching its code before it renders. */
export type LazyPage<P extends object> = ComponentType<P> & { preload: () => void };

/**
 * A page component whose code is fetched on first render, shown with `PageLoading` meanwhile and
 * `PageLoadBoundary` if it fails. `load` imports the page's module and picks the component, e.g.
 * `lazyPage(() => import('./today-page').then((m) => m.TodayPage))`. Pages that load together (a
 * layout and its first page) share one import so the browser fetches them in one round trip.
 * `preload()` starts the fetch early (see `preloadElement`); a failure then shows when the page renders.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  const once = () => (loading ??= load());
  const Lazy = lazy(async () => ({ default: await once() }));
  function LazyPage(props: P) {
    return (
      <PageLoadBoundary>
        <Suspense fallback={<PageLoading />}>
          <Lazy {...props} />
        </Suspense>
      </PageLoadBoundary>
    );
  }
  return Object.assign(LazyPage, {
    preload: () => {
      once().catch(() => undefined);
    },
  });
}

/**
 * Starts fetching the code of every lazy page in a route's element (the element and its children,
 * e.g. a page inside its section gate). A route nested in a lazy frame (a staff page in the shell)
 * would otherwise be fetched only once the frame has arrived and rendered: preloading the matched
 * routes on each navigation fetches frame and page at once.
 */
export function preloadElement(node: ReactNode): void {
  if (!isValidElement(node)) return;
  const type = node.type as { preload?: unknown };
  if (typeof type.preload === 'function') (type.preload as () => void)();
  Children.forEach((node.props as { children?: ReactNode }).children, preloadElement);
}
