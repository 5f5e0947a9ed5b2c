/**
 * Protocol configuration: citations, provenance, Params, the section defaults, the assembled
 * schema, and the validation of a site's overrides.
 *
 * @module protocol-config
 */
export * from './citations.js';
export * from './provenance.js';
export * from './param.js';
export * from './issues.js';
export * from './walk.js';
export * from './checks.js';
export * from './schema.js';
export * from './sections/instruments.js';
