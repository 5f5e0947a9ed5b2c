import { loadConfig } from '../../config.js';
import { openConfiguredDatabase } from '../../server.js';
import { migrateToLatest } from '../../store/migrate.js';
import { parseOptions, type CliCommand } from '../command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply pending database migrations and exit',
  usage: `Usage: kairos migrate

Applies every pending numbered migration to the configured database (DATABASE_URL, or the
embedded database in KAIROS_DATA_DIR) and prints what it applied. The server also does this at
start. With the embedded database, stop the server first: only one process may open it.`,
  async run(args, io) {
    parseOptions(args, {});
    const config = loadConfig();
    const database = await openConfiguredDatabase(config, 'kairos migrate');
    try {
      const applied = await migrateToLatest(database.db);
      io.stdout(
        applied.length === 0 ? 'Up to date: no migration to apply.\n' : `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
