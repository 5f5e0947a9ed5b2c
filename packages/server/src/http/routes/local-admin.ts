import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { AuditVerifySchema, DemoLoadedSchema, StockLedgerVerifySchema } from '@kairos/api';
import { AppError } from '../../errors.js';
import { verifyAgainstAnchorFile } from '../../services/audit-anchor.js';
import { backupEmbeddedDatabase } from '../../services/backup.js';
import { loadDemo } from '../../services/demo/load-demo.js';
import { verifyStockLedger } from '../../services/stock/verify-ledger.js';
import { requestMeta } from '../auth.js';

/**
 * What the `kairos` command asks of a running server that holds the embedded data dir (a second
 * process must never open it): a consistent backup, the audit chain check, the ketamine ledger
 * check, the demo reload.
 * Callable only with the secret in the data dir's lock file; hidden from the API docs.
 */
export const localAdminRoutes: FastifyPluginCallbackZod = (app) => {
  const config = { action: 'local-admin' as const };
  app.post('/api/local/backup', { config: { ...config, raw: 'application/gzip' }, schema: { hide: true } }, async (req, reply) => {
    const bytes = await backupEmbeddedDatabase(app.ctx.database, requestMeta(req));
    return reply.type('application/gzip').send(Buffer.from(bytes));
  });

  app.get('/api/local/audit-verify', { config, schema: { hide: true, response: { 200: AuditVerifySchema } } }, async () =>
    verifyAgainstAnchorFile(app.ctx.database.db, app.ctx.config.auditAnchorFile, { unkeyedThrough: app.ctx.config.auditUnkeyedThrough }),
  );

  app.get('/api/local/stock-ledger-verify', { config, schema: { hide: true, response: { 200: StockLedgerVerifySchema } } }, async () =>
    verifyStockLedger(app.ctx.database.db),
  );

  app.post('/api/local/demo', { config, schema: { hide: true, response: { 200: DemoLoadedSchema } } }, async () => {
    if (app.ctx.config.mode === 'production') throw new AppError('CONFLICT', 'the demo clinic cannot be loaded in production mode');
    return loadDemo(app.ctx.database.db, app.ctx.clock.now(), { stock: true, history: true });
  });
};
