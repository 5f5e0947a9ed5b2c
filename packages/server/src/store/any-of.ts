/**
 * `column = ANY($1)`: a list of ids as one array parameter. A Today board's 500 sessions as an
 * `IN ($1, ..., $500)` list cost the driver, the query compiler and PostgreSQL's parser a
 * parameter each, in every one of the board's queries.
 *
 * @module
 */
import { sql, type RawBuilder } from 'kysely';

/** The right side of `where(column, '=', anyOf(ids))`: true for a row whose column is one of `values`. */
export function anyOf<T extends string>(values: readonly T[]): RawBuilder<T> {
  return sql<T>`ANY(${[...values]})`;
}
