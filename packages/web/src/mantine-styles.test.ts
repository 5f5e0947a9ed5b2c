import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layeredSheet, layerOrderSheet, mantineLayerOrder, mantineStylesDir } from '../vite-mantine-styles';

describe("Mantine's styles split per component keep Mantine's cascade", () => {
  const order = mantineLayerOrder();

  it('every per-component sheet has a place, globals first, in the order of styles.css', () => {
    const sheets = readdirSync(mantineStylesDir()).filter((f) => f.endsWith('.css') && !f.endsWith('.layer.css'));
    expect(order).toHaveLength(sheets.length);
    expect(order.slice(0, 3)).toEqual(['baseline', 'default-css-variables', 'global']);
  });

  it.each([
    ['Popover', 'Combobox'], // the select dropdown's padding overrides the popover's
    ['UnstyledButton', 'Button'],
    ['Input', 'PasswordInput'],
    ['ModalBase', 'Modal'],
    ['Paper', 'Card'],
  ])('%s comes before %s, which restyles it', (first, then) => {
    expect(order.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(first)).toBeLessThan(order.indexOf(then));
  });

  it('each sheet goes in its own layer inside mantine; the first sheet of the page declares them all in that order', () => {
    expect(layeredSheet('Button', '.m_77c9d27d { color: red; }')).toBe('@layer mantine.Button {\n.m_77c9d27d { color: red; }\n}\n');
    expect(layerOrderSheet(['baseline', 'Popover', 'Combobox'])).toContain('@layer mantine.baseline, mantine.Popover, mantine.Combobox;');
  });
});
