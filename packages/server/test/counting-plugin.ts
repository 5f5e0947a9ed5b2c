/**
 * A Kysely plugin that counts the statements it sees (every query built through Kysely, raw SQL
 * included): `db.withPlugin(counter)`, then `counter.count`. For tests of how many statements a
 * use case runs.
 */
import type { KyselyPlugin } from 'kysely';

export function countingPlugin(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
      plugin.count++;
      return args.node;
    },
    transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
      return Promise.resolve(args.result);
    },
  };
  return plugin;
}
