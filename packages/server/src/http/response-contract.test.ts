import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createResponseSerializer, ResponseContractError, responseSchemaProblem } from './response-contract.js';

const Answer = z.object({ id: z.string(), level: z.enum(['warn', 'pause']), note: z.string().nullable() });
const route = { schema: Answer, method: 'GET', url: '/api/things/:id' };

function logger() {
  const error = vi.fn();
  return { log: { error } as unknown as FastifyBaseLogger, error };
}

describe('the response serializer', () => {
  it('drops fields the schema does not list, in every mode', () => {
    for (const mode of ['test', 'demo', 'production'] as const) {
      const out = createResponseSerializer(mode, logger().log)(route)({
        id: 'a',
        level: 'warn',
        note: null,
        passwordHash: 'x',
        mrn: 'MRN-1',
      });
      expect(JSON.parse(out), mode).toEqual({ id: 'a', level: 'warn', note: null });
    }
  });

  it('test mode: an answer outside the contract throws, naming the path and the problem', () => {
    const serialize = createResponseSerializer('test', logger().log)(route);
    expect(() => serialize({ id: 'a', level: 'stop', note: null })).toThrow(ResponseContractError);
    expect(() => serialize({ id: 'a', level: 'stop', note: null })).toThrow(/GET \/api\/things\/:id: .*level/);
    expect(() => serialize({ id: 'a', level: 'warn' })).toThrow(/note/);
  });

  it('production and demo: the answer is sent as it was, and the mismatch is logged with paths and codes only (no values)', () => {
    for (const mode of ['demo', 'production'] as const) {
      const { log, error } = logger();
      const body = { id: 'a', level: 'stop', note: 'Patient John Doe' };
      const out = createResponseSerializer(mode, log)(route)(body);
      expect(JSON.parse(out)).toEqual(body);
      expect(error).toHaveBeenCalledTimes(1);
      const logged = JSON.stringify(error.mock.calls[0]);
      expect(logged).toContain('level');
      expect(logged).not.toContain('stop');
      expect(logged).not.toContain('John Doe');
    }
  });
});

describe('what a response schema may not be', () => {
  it.each([
    ['any at the root', z.any(), '(root): is any'],
    ['unknown at the root', z.unknown(), '(root): is unknown'],
    ['a loose object', z.looseObject({ a: z.string() }), '(root): lets unknown keys through (loose or passthrough)'],
    ['a passthrough object', z.object({ a: z.string() }).passthrough(), '(root): lets unknown keys through (loose or passthrough)'],
    ['unknown deep in a list', z.object({ items: z.array(z.object({ details: z.unknown() })) }), 'items[].details: is unknown'],
    ['a record of unknown', z.object({ map: z.record(z.string(), z.unknown()) }), 'map{}: is unknown'],
    ['any inside a nullable union', z.object({ v: z.union([z.string(), z.any()]).nullable() }), 'v: is any'],
    [
      'a loose object inside an optional',
      z.object({ v: z.looseObject({}).optional() }),
      'v: lets unknown keys through (loose or passthrough)',
    ],
  ])('%s is refused', (_name, schema, problem) => {
    expect(responseSchemaProblem(schema)).toBe(problem);
  });

  it.each([
    ['a plain object', z.object({ id: z.uuid(), at: z.iso.datetime() })],
    ['a strict object', z.strictObject({ id: z.string() })],
    ['a list of unions', z.object({ items: z.array(z.union([z.object({ a: z.number() }), z.object({ b: z.string() })])) })],
    ['a record of numbers', z.record(z.string(), z.number())],
    ['no content', z.null()],
    ['a recursive schema seen twice', z.object({ a: Answer, b: Answer })],
  ])('%s is accepted', (_name, schema) => {
    expect(responseSchemaProblem(schema)).toBeUndefined();
  });

  it('something that is not a zod schema is refused', () => {
    expect(responseSchemaProblem({ type: 'object' })).toBe('(root): not a zod schema');
  });
});
