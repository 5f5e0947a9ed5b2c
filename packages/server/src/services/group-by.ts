/**
 * Rows grouped by a key, in their order (Node 20 has no `Map.groupBy`): how the use cases that read
 * many rows in one query each hand every record its own.
 *
 * @module
 */

/** The items by `key(item)`, each group in the items' order. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [t]);
    else list.push(t);
  }
  return groups;
}
