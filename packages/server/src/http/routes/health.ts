import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { HealthSchema } from '@kairos/api';
import { appliedMigration } from '../../services/health.js';

export const VERSION = '0.1.0';

/** `/api/health`: engine, migration version, uptime. Public: a load balancer calls it. */
export const healthRoutes: FastifyPluginCallbackZod = (app) => {
  app.get(
    '/api/health',
    {
      config: { action: 'public' },
      schema: { summary: 'Liveness and version', tags: ['platform'], response: { 200: HealthSchema } },
    },
    async () => {
      const { database, clock, startedAtMs, config } = app.ctx;
      const now = clock.nowMs();
      return {
        status: 'ok' as const,
        engine: database.engine,
        migration: await appliedMigration(database.db),
        uptimeSeconds: Math.round((now - startedAtMs) / 1000),
        mode: config.mode,
        time: new Date(now).toISOString(),
        version: VERSION,
      };
    },
  );
};
