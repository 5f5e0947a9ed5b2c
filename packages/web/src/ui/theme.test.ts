import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio, PAGE_GREY, readableShades, readableVariables } from './theme';

describe('contrastRatio (WCAG 2.1 relative luminance)', () => {
  // Published reference values: black on white is 21:1, a colour on itself 1:1, and WebAIM's
  // checker gives #767676 on white 4.54:1 (the lightest grey that passes AA).
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#767676', '#ffffff', 4.54],
    ['#868e96', '#ffffff', 3.32], // Mantine's default dimmed text: the failure axe reported
  ])('%s on %s is %d:1', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 1);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 1);
  });
});

describe('every palette colour is readable in the app theme', () => {
  const colours = Object.entries(DEFAULT_THEME.colors).filter(([name]) => name !== 'dark');
  it.each(colours)('%s: white on filled, text on white, on the page grey, on its own tint and on the tint hovered', (_name, colors) => {
    const s = readableShades(colors);
    expect(contrastRatio('#ffffff', s.filled)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio('#ffffff', s.filledHover)).toBeGreaterThanOrEqual(AA_TEXT);
    for (const bg of ['#ffffff', PAGE_GREY, s.light, s.lightHover]) expect(contrastRatio(s.text, bg)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('the resolver sets those shades, the anchor and dimmed text for the light scheme', () => {
    const { light } = readableVariables(DEFAULT_THEME);
    const orange = readableShades(DEFAULT_THEME.colors.orange);
    expect(light['--mantine-color-orange-filled']).toBe(orange.filled);
    expect(light['--mantine-color-orange-light-color']).toBe(orange.text);
    expect(light['--mantine-color-orange-light-hover']).toBe(orange.lightHover);
    expect(light['--mantine-color-anchor']).toBe(readableShades(DEFAULT_THEME.colors.blue).text);
    const dimmed = light['--mantine-color-dimmed'] as string;
    for (const bg of ['#ffffff', PAGE_GREY]) expect(contrastRatio(dimmed, bg)).toBeGreaterThanOrEqual(AA_TEXT);
  });
});
