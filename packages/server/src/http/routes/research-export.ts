import { Readable } from 'node:stream';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { IdParams, ResearchExportQuerySchema } from '@kairos/api';
import { exportResearchData } from '../../services/research-export/export-research-data.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { sendDownload } from '../download.js';

/**
 * The de-identified research export of a site (issue 24, Must 4; docs/research-export.md): NDJSON
 * or CSV, streamed. The route's action admits the medical director only (refusals audited by the
 * auth hook); the use case checks the role again, as every use case does.
 */
export const researchExportRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['outcomes']);
  const db = () => app.ctx.database.db;

  app.get(
    '/api/sites/:id/research-export',
    route(
      {
        action: 'outcomes.export-research',
        site: { in: 'params', key: 'id', scope: 'patient-data' },
        raw: 'application/x-ndjson | text/csv',
      },
      'The site’s courses de-identified under HIPAA Safe Harbor for a research partner (medical director only): a random study id per patient, days from enrollment instead of dates, age groups (90 or older), no names, contact details, MRNs, internal ids or free text; NDJSON (a course a line) or CSV (a row a course item); filtered as the program dashboard; audited',
      { params: IdParams, querystring: ResearchExportQuerySchema },
    ),
    async (req, reply) => {
      const file = await exportResearchData(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req));
      return sendDownload(reply, file.contentType, file.filename, Readable.from(file.chunks));
    },
  );
};
