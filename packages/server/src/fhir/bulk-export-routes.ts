/**
 * FHIR Bulk Data `$export` (Bulk Data Access IG 2.0, issue 25, Must 3): the kick-off at the system,
 * Patient and Group (a cohort) levels answers 202 with the status URL in `Content-Location`; the
 * status URL answers 202 with `X-Progress` while the files are written, then 200 with the manifest
 * (one NDJSON file per type, each with its count) and `Expires`; DELETE on it cancels the export
 * and deletes its files; each file is served, as application/fhir+ndjson a part at a time, to the
 * person who asked only. The medical director may export (`fhir.export`), and each type's own
 * permission applies. Errors are OperationOutcomes.
 *
 * @module
 */
import { Readable } from 'node:stream';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { z } from 'zod';
import {
  FhirExportListSchema,
  FhirExportSettingsBodySchema,
  FhirExportStartBodySchema,
  FhirExportStartedSchema,
  IdParams,
  NoContent,
} from '@kairos/api';
import { AppError } from '../errors.js';
import { requestMeta, signInOf } from '../http/auth.js';
import { routesOf } from '../http/route-options.js';
import { exportableTypes } from '../services/fhir/bulk-export/export-plan.js';
import { cancelFhirExport, openFhirExportFile, readFhirExportStatus } from '../services/fhir/bulk-export/fhir-export-access.js';
import { runFhirExportInBackground, stopFhirExports } from '../services/fhir/bulk-export/run-fhir-export.js';
import { startFhirExport, type ExportAsked } from '../services/fhir/bulk-export/start-fhir-export.js';
import { listFhirExports, setFhirExportRetention } from '../services/fhir/bulk-export/list-fhir-exports.js';
import { parseExportRequest, type ExportLevel } from './bulk-params.js';
import { baseUrlOf, FHIR_BASE_PATH } from './fhir-routes.js';
import { FHIR_JSON, operationOutcomeOf } from './operation-outcome.js';

const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'an export id (a UUID)');
const ExportParams = z.strictObject({ id: UUID });
const FileParams = z.strictObject({
  id: UUID,
  file: z.string().regex(/^[A-Z][A-Za-z]{1,63}\.ndjson$/, 'a file of the export: <ResourceType>.ndjson'),
});
const GroupParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: letters, digits, - and ., at most 64') });

export const fhirBulkExportRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['fhir']);
  const db = () => app.ctx.database.db;
  const raw = 'application/fhir+json';
  app.addHook('onClose', async () => stopFhirExports(app.ctx.database.db));

  /** Records the export asked for and starts writing it; the status URL. */
  const start = async (req: FastifyRequest, asked: ExportAsked): Promise<{ id: string; statusUrl: string }> => {
    const { id } = await startFhirExport(db(), signInOf(req).actor, asked, requestMeta(req));
    runFhirExportInBackground(db(), app.ctx.clock, id, (err) =>
      req.log.error({ err: err instanceof Error ? err.message : 'error', exportId: id }, 'a FHIR export failed'),
    );
    return { id, statusUrl: `${baseUrlOf(req)}/$export-status/${id}` };
  };
  const kickOff = async (req: FastifyRequest, level: ExportLevel, groupId?: string) => {
    const exportable = exportableTypes(level).map((h) => h.type);
    const asked = parseExportRequest(req.headers, req.query as Record<string, string | string[] | undefined>, exportable, level);
    const requestUrl = `${baseUrlOf(req)}${req.url.slice(FHIR_BASE_PATH.length)}`;
    return (await start(req, { level, ...(groupId === undefined ? {} : { groupId }), ...asked, requestUrl })).statusUrl;
  };
  const accepted = (reply: FastifyReply, statusUrl: string) =>
    reply
      .status(202)
      .type(FHIR_JSON)
      .header('content-location', statusUrl)
      .send({
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'information', code: 'informational', diagnostics: `The export is being written; its status is at ${statusUrl}` },
        ],
      } satisfies OperationOutcome);

  app.get(
    `${FHIR_BASE_PATH}/$export`,
    route({ action: 'fhir.export', raw }, 'Bulk export of every type the server exports (system level): 202 with the status URL', {}),
    async (req, reply) => {
      return accepted(reply, await kickOff(req, 'system'));
    },
  );
  app.get(
    `${FHIR_BASE_PATH}/Patient/$export`,
    route(
      { action: 'fhir.export', raw },
      'Bulk export of every patient’s data the person may see (Patient level): 202 with the status URL',
      {},
    ),
    async (req, reply) => {
      return accepted(reply, await kickOff(req, 'patient'));
    },
  );
  app.get(
    `${FHIR_BASE_PATH}/Group/:id/$export`,
    route({ action: 'fhir.export', raw }, 'Bulk export of a cohort’s members’ data (Group level): 202 with the status URL', {
      params: GroupParams,
    }),
    async (req, reply) => {
      return accepted(reply, await kickOff(req, 'group', req.params.id));
    },
  );

  app.get(
    `${FHIR_BASE_PATH}/$export-status/:id`,
    route({ action: 'fhir.export', raw }, 'An export’s status: 202 while written, then 200 with its files (the requester only)', {
      params: ExportParams,
    }),
    async (req, reply) => {
      const status = await readFhirExportStatus(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      reply.header('cache-control', 'no-store');
      if (status.state === 'in-progress') return reply.status(202).header('x-progress', status.progress).header('retry-after', '2').send();
      if (status.state === 'complete') {
        const base = baseUrlOf(req);
        return reply
          .status(200)
          .type('application/json')
          .header('expires', status.expiresAt.toUTCString())
          .send({
            transactionTime: status.transactionTime.toISOString(),
            request: status.requestUrl,
            requiresAccessToken: true,
            output: status.output.map((o) => ({
              type: o.type,
              url: `${base}/$export-file/${req.params.id}/${o.type}.ndjson`,
              count: o.count,
            })),
            error: [],
          });
      }
      const code = status.state === 'failed' ? 500 : 404;
      return reply
        .status(code)
        .type(FHIR_JSON)
        .send(operationOutcomeOf(code, status.state === 'failed' ? 'EXPORT_FAILED' : 'NOT_FOUND', status.message, {}));
    },
  );
  app.delete(
    `${FHIR_BASE_PATH}/$export-status/:id`,
    route({ action: 'fhir.export', raw }, 'Cancel an export (the requester only): its files are deleted', { params: ExportParams }),
    async (req, reply) => {
      await cancelFhirExport(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return reply.status(202).send();
    },
  );
  app.get(
    `${FHIR_BASE_PATH}/$export-file/:id/:file`,
    route({ action: 'fhir.export', raw: 'application/fhir+ndjson' }, 'One NDJSON file of a complete export (the requester only), audited', {
      params: FileParams,
    }),
    async (req, reply) => {
      const type = req.params.file.slice(0, -'.ndjson'.length);
      const file = await openFhirExportFile(db(), signInOf(req).actor, req.params.id, type, requestMeta(req));
      return reply
        .type('application/fhir+ndjson')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${type}.ndjson"`)
        .send(Readable.from(file.chunks));
    },
  );

  // The exports page's routes (/api, JSON): the person's exports at their site and the setting,
  // starting an export as the kick-off would, cancelling one, and setting how long files are kept.
  const atSite = { action: 'fhir.export', site: { in: 'params', key: 'id', scope: 'patient-data' } } as const;
  app.get(
    '/api/sites/:id/fhir-exports',
    route(atSite, 'The FHIR exports you asked for at the site (newest first), with the site’s setting and the types each level exports', {
      params: IdParams,
      response: { 200: FhirExportListSchema },
    }),
    async (req) =>
      listFhirExports(db(), signInOf(req).actor, req.params.id, (id, type) => `${baseUrlOf(req)}/$export-file/${id}/${type}.ndjson`),
  );
  app.post(
    '/api/sites/:id/fhir-exports',
    route(atSite, 'Start a FHIR bulk export (as the $export kick-off): everything, every patient, or one cohort', {
      params: IdParams,
      body: FhirExportStartBodySchema,
      response: { 202: FhirExportStartedSchema },
    }),
    async (req, reply) => {
      const { level, groupId, types, since } = req.body;
      const exportable = exportableTypes(level).map((h) => h.type);
      const unknown = (types ?? []).find((t) => !(exportable as string[]).includes(t));
      if (unknown !== undefined)
        throw new AppError('VALIDATION_FAILED', `types: ${unknown} is not exported at this level`, {
          issues: [{ field: 'types', message: `${unknown} is not exported at this level: ${exportable.join(', ')}` }],
        });
      const query = new URLSearchParams({
        ...(types === undefined ? {} : { _type: types.join(',') }),
        ...(since === undefined ? {} : { _since: since }),
      }).toString();
      const path = level === 'system' ? '/$export' : level === 'patient' ? '/Patient/$export' : `/Group/${groupId ?? ''}/$export`;
      const started = await start(req, {
        level,
        ...(groupId === undefined ? {} : { groupId }),
        types,
        since: since === undefined ? undefined : new Date(since),
        requestUrl: `${baseUrlOf(req)}${path}${query === '' ? '' : `?${query}`}`,
      });
      return reply.status(202).send(started);
    },
  );
  app.delete(
    '/api/fhir-exports/:id',
    route('fhir.export', 'Cancel one of your FHIR exports: its files are deleted', { params: IdParams, response: { 204: NoContent } }),
    async (req, reply) => {
      await cancelFhirExport(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/api/sites/:id/fhir-export-settings',
    route(atSite, 'Set how long the site keeps a FHIR export’s files after it completes (hours)', {
      params: IdParams,
      body: FhirExportSettingsBodySchema,
      response: { 200: z.object({ retentionHours: z.number().int() }) },
    }),
    async (req) => setFhirExportRetention(db(), signInOf(req).actor, req.params.id, req.body.retentionHours, requestMeta(req)),
  );
};
