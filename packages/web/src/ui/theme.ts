/**
 * The app's theme: Mantine's palette with every colour a page writes text in or on chosen to meet
 * WCAG 2.1 AA contrast (4.5:1 for normal text, success criterion 1.4.3). Mantine's defaults do not:
 * dimmed text is gray.6 (3.3:1 on white), white on a filled blue button is 3.6:1, and a light
 * badge's text on its tint is 3.6 to 4.3:1 for orange and teal. Rather than a hand-picked list, each
 * colour's shades are chosen here by measuring: the lightest of shades 6-9 that white text meets
 * 4.5:1 on (else shade 9 darkened until it does), and for text on white, on the striped-row grey
 * and on the colour's own tint the same search. `theme.test.ts` checks every pair.
 *
 * @module
 */
import { createTheme, darken, DEFAULT_THEME, luminance, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** The WCAG 2.1 AA minimum for normal-size text (success criterion 1.4.3). */
export const AA_TEXT = 4.5;

/** WCAG 2.1 contrast ratio of two colours (relative luminance, (L1 + 0.05) / (L2 + 0.05)). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = '#ffffff';
/** The lightest page background text sits on besides white: striped table rows, hovered rows. */
export const PAGE_GREY = DEFAULT_THEME.colors.gray[0];

/** The first colour in `candidates`, else the last one darkened step by step, that meets AA on every background. */
function firstReadable(candidates: readonly string[], backgrounds: readonly string[]): string {
  const meets = (c: string) => backgrounds.every((bg) => contrastRatio(c, bg) >= AA_TEXT);
  const found = candidates.find(meets);
  if (found !== undefined) return found;
  const last = candidates[candidates.length - 1] as string;
  for (let step = 0.05; step < 1; step += 0.05) {
    const c = darken(last, step);
    if (meets(c)) return c;
  }
  return '#000000';
}

export interface ReadableShades {
  /** Background of filled buttons and badges, with white text. */
  filled: string;
  /** One step darker, for hover. */
  filledHover: string;
  /** The tint behind light badges and alerts. */
  light: string;
  /** The tint one step darker, behind a hovered light control (an active navigation link under the pointer). */
  lightHover: string;
  /** Text on those tints, on white and on the page grey; also the colour's text (`c="red"`) and outline. */
  text: string;
}

/** The readable shades of one palette colour. */
export function readableShades(colors: MantineColorsTuple): ReadableShades {
  const filled = firstReadable([colors[6], colors[7], colors[8], colors[9]], [WHITE]);
  const light = colors[0];
  const lightHover = colors[1];
  const text = firstReadable([colors[6], colors[7], colors[8], colors[9]], [WHITE, PAGE_GREY, light, lightHover]);
  return { filled, filledHover: darken(filled, 0.1), light, lightHover, text };
}

/** The CSS variables that replace Mantine's defaults for the light scheme (the only one the app uses). */
export const readableVariables: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = {
    // Dimmed text (captions, hints, counts): gray.7 is 9:1 on white, where gray.6 is 3.3:1.
    '--mantine-color-dimmed': theme.colors.gray[7],
  };
  for (const [name, colors] of Object.entries(theme.colors)) {
    if (name === 'dark') continue;
    const s = readableShades(colors);
    Object.assign(light, {
      [`--mantine-color-${name}-filled`]: s.filled,
      [`--mantine-color-${name}-filled-hover`]: s.filledHover,
      [`--mantine-color-${name}-light`]: s.light,
      [`--mantine-color-${name}-light-hover`]: s.lightHover,
      [`--mantine-color-${name}-light-color`]: s.text,
      [`--mantine-color-${name}-text`]: s.text,
      [`--mantine-color-${name}-outline`]: s.text,
    });
  }
  const primary = readableShades(theme.colors[theme.primaryColor] as MantineColorsTuple);
  light['--mantine-color-anchor'] = primary.text;
  return { variables: {}, light, dark: {} };
};

export const kairosTheme = createTheme({});
