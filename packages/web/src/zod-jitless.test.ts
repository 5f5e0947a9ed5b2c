import './zod-jitless';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

describe('zod runs jitless in the web app', () => {
  it('zod takes the configuration set before it loaded, without the entry importing zod', () => {
    expect(z.config().jitless).toBe(true);
  });

  it('and still parses', () => {
    expect(z.object({ name: z.string().min(2) }).safeParse({ name: 'Ann' }).success).toBe(true);
    expect(z.object({ name: z.string().min(2) }).safeParse({ name: 'A' }).success).toBe(false);
  });
});
