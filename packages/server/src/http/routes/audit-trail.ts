import { Readable } from 'node:stream';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { AuditEventPageSchema, AuditEventsQuerySchema, AuditExportQuerySchema } from '@kairos/api';
import { exportAuditEvents } from '../../services/audit-trail/export-audit-events.js';
import { listAuditEvents } from '../../services/audit-trail/list-audit-events.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { sendDownload } from '../download.js';

/**
 * The audit trail viewer (issue 22, Must 3): a page of events, and the same events as CSV. The
 * medical director sees their site's events with patients by name; administrators every site's
 * without patient data (`services/audit-trail/internal/audit-trail-query.ts`).
 */
export const auditTrailRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['audit']);
  const db = () => app.ctx.database.db;
  const site = { in: 'query', key: 'siteId', scope: 'site-config' } as const;

  app.get(
    '/api/audit-events',
    route(
      { action: 'audit.read', site },
      'Audit events newest first, filtered by patient, person, action (or prefix.*), outcome, site-local dates and site; keyset pages',
      { querystring: AuditEventsQuerySchema, response: { 200: AuditEventPageSchema } },
    ),
    async (req) => listAuditEvents(db(), signInOf(req).actor, req.query, requestMeta(req)),
  );

  app.get(
    '/api/audit-events.csv',
    route(
      { action: 'audit.read', site, raw: 'text/csv' },
      'The filtered audit events as CSV (streamed, newest first, at most 50,000 rows; formula-like cells neutralised)',
      { querystring: AuditExportQuerySchema },
    ),
    async (req, reply) => {
      const { filename, lines } = await exportAuditEvents(db(), signInOf(req).actor, req.query, requestMeta(req));
      return sendDownload(reply, 'text/csv; charset=utf-8', filename, Readable.from(lines));
    },
  );
};
