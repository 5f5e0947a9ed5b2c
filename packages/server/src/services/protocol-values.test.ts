import { ProtocolParamValueSchema } from '@kairos/api';
import { collectParams, DEFAULT_PROTOCOL_CONFIG } from '@kairos/core';
import { describe, expect, it } from 'vitest';

// protocol.ts answers parameter values as the contract's ProtocolParamValue (a new value keeps
// its default's shape, core checks it): this holds only while the schema covers every default.

describe('the protocol parameter value of the contract', () => {
  it('covers the value of every shipped parameter (numbers, words, booleans, null, lists, interaction classes)', () => {
    const refused = collectParams(DEFAULT_PROTOCOL_CONFIG)
      .filter((e) => !ProtocolParamValueSchema.safeParse(e.param.value).success)
      .map((e) => e.path);
    expect(refused).toEqual([]);
  });

  it('refuses what no parameter holds', () => {
    for (const value of [undefined, {}, [{}], [1, 'a'], { severity: 'mild', message: 'x', medications: [] }]) {
      expect(ProtocolParamValueSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });
});
