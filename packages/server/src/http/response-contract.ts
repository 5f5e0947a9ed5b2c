/**
 * The response half of the API contract (`@kairos/api`). Every 2xx answer of a JSON route is
 * encoded through its response schema: fields the schema does not name are dropped, so nothing
 * leaves the server that the contract does not list.
 *
 * An answer that does not match its schema is a defect of the server. In test mode it fails the
 * request (and so the test that made it). In demo and production it is logged (the paths and
 * issue codes only, never the values) and the answer is sent as it is: a console mid-infusion
 * keeps its view rather than receiving a 500.
 *
 * @module
 */
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Mode } from '../config.js';

type SerializerFactory = (route: { schema: unknown; method: string; url: string }) => (data: unknown) => string;

/** Thrown in test mode when an answer does not match its schema. */
export class ResponseContractError extends Error {
  constructor(
    readonly route: string,
    readonly issues: { path: string; code: string; message: string }[],
  ) {
    super(`${route}: the answer does not match its response schema: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`);
    this.name = 'ResponseContractError';
  }
}

export function createResponseSerializer(mode: Mode, log: FastifyBaseLogger): SerializerFactory {
  return ({ schema, method, url }) => {
    const zodSchema = schema as z.ZodType;
    return (data) => {
      const result = z.safeEncode(zodSchema, data);
      if (result.success) return JSON.stringify(result.data);
      const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
      const route = `${method} ${url}`;
      if (mode === 'test') throw new ResponseContractError(route, issues);
      // Paths and codes only: the values may be patient data.
      log.error(
        { route, issues: issues.map((i) => ({ path: i.path, code: i.code })) },
        'an answer did not match its response schema; sent as it was',
      );
      return JSON.stringify(data);
    };
  };
}

/** Zod definition, as far as this walk reads it. */
interface Def {
  type?: string;
  shape?: Record<string, unknown>;
  catchall?: unknown;
  element?: unknown;
  innerType?: unknown;
  options?: unknown[];
  left?: unknown;
  right?: unknown;
  valueType?: unknown;
  in?: unknown;
  out?: unknown;
  items?: unknown[];
  rest?: unknown;
}
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/**
 * What is wrong with a response schema, or undefined: it must say what it answers, so no part of
 * it may be `any`, `unknown` or an object that lets unknown keys through (loose or passthrough).
 */
export function responseSchemaProblem(schema: unknown, path = '', seen = new Set<unknown>()): string | undefined {
  const def = defOf(schema);
  if (def === undefined) return `${path || '(root)'}: not a zod schema`;
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  const at = path || '(root)';
  const walk = (inner: unknown, sub: string) => responseSchemaProblem(inner, sub, seen);
  switch (def.type) {
    case 'any':
    case 'unknown':
      return `${at}: is ${def.type}`;
    case 'object': {
      const catchallType = defOf(def.catchall)?.type;
      if (def.catchall !== undefined && catchallType !== 'never') return `${at}: lets unknown keys through (loose or passthrough)`;
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        const problem = walk(value, path === '' ? key : `${path}.${key}`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'array':
      return walk(def.element, `${path}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return walk(def.innerType, path);
    case 'union':
      for (const option of def.options ?? []) {
        const problem = walk(option, path);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'intersection':
      return walk(def.left, path) ?? walk(def.right, path);
    case 'record':
      return walk(def.valueType, `${path}{}`);
    case 'pipe':
      return walk(def.in, path) ?? walk(def.out, path);
    case 'tuple':
      for (const item of def.items ?? []) {
        const problem = walk(item, `${path}()`);
        if (problem !== undefined) return problem;
      }
      return def.rest === undefined || def.rest === null ? undefined : walk(def.rest, `${path}()`);
    default:
      return undefined;
  }
}
