import type { CSSProperties } from 'react';

/**
 * The portal's type scale: Mantine's font sizes raised so that body text is 18 px and small print
 * 16 px (phone first, readable without zooming). Set as CSS variables on the portal's frame and on
 * its full-screen sheets, which render outside the frame.
 */
export const PORTAL_TYPE = {
  '--mantine-font-size-xs': '16px',
  '--mantine-font-size-sm': '18px',
  '--mantine-font-size-md': '18px',
  '--mantine-font-size-lg': '20px',
  '--mantine-font-size-xl': '24px',
} as CSSProperties;
