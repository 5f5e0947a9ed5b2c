/**
 * The options of a route, short: a feature's routes share their tags, and each says the action it
 * needs (or its whole config), its summary and the parts of its schema.
 *
 * @module
 */
import type { FastifyContextConfig, FastifySchema } from 'fastify';
import type { RouteAction } from './context.js';

/** A route's schema beside its tags and summary: params, querystring, body, response, hide. */
export type RouteSchemaParts = Omit<FastifySchema, 'tags' | 'summary'>;

/**
 * The options builder of a feature's routes: `route('patients.read', 'A patient', { params, response })`
 * is `{ config: { action: 'patients.read' }, schema: { tags, summary: 'A patient', params, response } }`.
 * The schema parts keep their types, so the zod type provider still types the handler.
 */
export const routesOf =
  (tags: string[]) =>
  <Parts extends RouteSchemaParts>(config: RouteAction | FastifyContextConfig, summary: string, parts: Parts) => ({
    config: typeof config === 'string' ? { action: config } : config,
    schema: { tags, summary, ...parts },
  });
