/**
 * The SQL of FHIR search conditions (fhir/search-params.ts parses them): a date's conditions on a
 * timestamp column, ids, and the page. Each returns a condition to AND into a query; a parameter
 * with several alternatives is their OR.
 *
 * @module
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DateCondition, ParsedSearch, Token } from '../../fhir/search-params.js';

const TRUE = sql<SqlBool>`TRUE`;
const FALSE = sql<SqlBool>`FALSE`;

const and = (parts: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> =>
  parts.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
const or = (parts: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> =>
  parts.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;

/** One date condition on `column` (a column reference such as `v.measured_at`). */
function dateCondition(column: string, c: DateCondition): RawBuilder<SqlBool> {
  const col = sql.ref(column);
  switch (c.prefix) {
    case 'eq':
      return sql<SqlBool>`(${col} >= ${c.start} AND ${col} < ${c.end})`;
    case 'gt':
      return sql<SqlBool>`${col} >= ${c.end}`;
    case 'ge':
      return sql<SqlBool>`${col} >= ${c.start}`;
    case 'lt':
      return sql<SqlBool>`${col} < ${c.start}`;
    case 'le':
      return sql<SqlBool>`${col} < ${c.end}`;
  }
}

/** The date parameter `name`'s conditions on `column` (TRUE when the search has none). */
export function dateWhere(q: ParsedSearch, name: string, column: string): RawBuilder<SqlBool> {
  return and((q.dates[name] ?? []).map((alternatives) => or(alternatives.map((c) => dateCondition(column, c)))));
}

/** The ids the search asks for (`_id`), or undefined when it does not ask. */
export function idsOf(q: ParsedSearch): string[][] | undefined {
  const tokens = q.tokens._id;
  return tokens === undefined
    ? undefined
    : tokens.map((alternatives) => alternatives.flatMap((t) => (t.code === undefined ? [] : [t.code])));
}

/** `_id` on a uuid column: ids that are not uuids match nothing (never an error). */
export function uuidIdWhere(q: ParsedSearch, column: string): RawBuilder<SqlBool> {
  const ids = idsOf(q);
  if (ids === undefined) return TRUE;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  return and(
    ids.map((alternatives) => {
      const valid = alternatives.filter((id) => UUID.test(id));
      return valid.length === 0 ? FALSE : sql<SqlBool>`${sql.ref(column)} = ANY(${valid}::uuid[])`;
    }),
  );
}

/** The reference parameter `name`'s ids (AND of ORs) on a uuid column; TRUE when the search has none. */
export function referenceWhere(q: ParsedSearch, names: readonly string[], column: string): RawBuilder<SqlBool> {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const conditions = names.flatMap((name) => q.references[name] ?? []);
  return and(
    conditions.map((alternatives) => {
      const valid = alternatives.filter((id) => UUID.test(id));
      return valid.length === 0 ? FALSE : sql<SqlBool>`${sql.ref(column)} = ANY(${valid}::uuid[])`;
    }),
  );
}

/**
 * A token parameter matched against a fixed set of codings each row may carry: `matches(token)`
 * gives the keys (a column's values, or the observation kinds) a token selects.
 */
export function tokenKeys<K extends string>(q: ParsedSearch, name: string, matches: (t: Token) => readonly K[]): K[][] | undefined {
  const tokens = q.tokens[name];
  return tokens === undefined ? undefined : tokens.map((alternatives) => [...new Set(alternatives.flatMap(matches))]);
}

/** A LIKE pattern matching `text` anywhere (lower case, its wildcards escaped). */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export { and as allOf, or as anyOf, TRUE as always, FALSE as never };

/**
 * How many match in all, from the page read first when it tells (a page neither empty nor full is
 * the last one: the offset plus its rows; an empty first page: none), or else by `count` (one more
 * statement, for a full page or one past the end). Most searches of one patient's records fit one
 * page, and an export's pages are read without counting.
 */
export async function totalOf(q: ParsedSearch, rowsRead: number, count: () => Promise<number | string | bigint>): Promise<number> {
  if (q.count > 0 && rowsRead > 0 && rowsRead < q.count) return q.offset + rowsRead;
  if (q.count > 0 && rowsRead === 0 && q.offset === 0) return 0;
  return Number(await count());
}
