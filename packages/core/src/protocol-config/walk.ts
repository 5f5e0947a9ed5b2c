/**
 * Generic walking of a protocol-configuration tree: find every {@link Param} leaf with its path,
 * and every number that is not inside a Param (a number without provenance).
 *
 * Paths are dot-separated from the root; array elements are named by their index
 * (`medications.classes.0.diazepamEquivalentMg`).
 *
 * @module
 */
import type { ConfigIssue } from './issues.js';
import { configIssue } from './issues.js';
import type { Param } from './param.js';
import { ProvenanceSchema } from './provenance.js';

/** A Param found in a configuration tree, with its dot-separated path. */
export interface ParamEntry {
  readonly path: string;
  readonly param: Param<unknown>;
}

/** True when `node` has the shape of a {@link Param}: `value`, a string `unit` and a `provenance`. */
export function isParam(node: unknown): node is Param<unknown> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const o = node as Record<string, unknown>;
  return 'value' in o && typeof o['unit'] === 'string' && typeof o['provenance'] === 'object' && o['provenance'] !== null;
}

/** Joins a parent path and a key. */
export function joinPath(prefix: string, key: string | number): string {
  return prefix === '' ? String(key) : `${prefix}.${key}`;
}

/** The children of an object or array node, keyed for paths; none for other values. */
function childrenOf(node: unknown): [string | number, unknown][] {
  if (Array.isArray(node)) return node.map((v, i) => [i, v]);
  if (typeof node === 'object' && node !== null) return Object.entries(node);
  return [];
}

/** Collects every Param leaf of `tree`, depth first in key order, with its path. */
export function collectParams(tree: unknown, prefix = ''): ParamEntry[] {
  if (isParam(tree)) return [{ path: prefix, param: tree }];
  return childrenOf(tree).flatMap(([k, v]) => collectParams(v, joinPath(prefix, k)));
}

/**
 * Finds every number without provenance in `tree`: a number leaf that is not inside a Param, and
 * a Param whose provenance is not valid (unknown kind, or a citation key missing from the
 * registry). An empty result means every number in the tree has a provenance.
 */
export function findNumbersWithoutProvenance(tree: unknown, prefix = ''): ConfigIssue[] {
  if (isParam(tree)) {
    const parsed = ProvenanceSchema.safeParse(tree.provenance);
    if (parsed.success) return [];
    const why = parsed.error.issues.map((i) => i.message).join('; ');
    return [configIssue(prefix, `invalid provenance: ${why}`)];
  }
  if (typeof tree === 'number' || typeof tree === 'bigint') {
    return [configIssue(prefix, `the number ${String(tree)} is not inside a Param and has no provenance`)];
  }
  return childrenOf(tree).flatMap(([k, v]) => findNumbersWithoutProvenance(v, joinPath(prefix, k)));
}

/**
 * Resolves a dot-separated path in `tree`. Returns `undefined` when any segment is missing
 * (own properties only, so `toString` and the like never resolve).
 */
export function resolvePath(tree: unknown, path: string): unknown {
  if (path === '') return tree;
  let node: unknown = tree;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  for (const [, child] of childrenOf(value)) deepFreeze(child);
  return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
}
