/**
 * The FHIR R4 API (`/fhir/R4`, issue 25): the CapabilityStatement (`metadata`), and read and search
 * of every type in the registry (services/fhir/registry.ts), each route declaring the permission
 * of its type; a type Kairos does not serve is a 404 OperationOutcome naming it. A monitor posts
 * vital signs as Observations (device token), through the same intake as the JSON device route. Answers are
 * `application/fhir+json`; errors are OperationOutcomes (http/error-handler.ts). The same sign-in,
 * permissions and care-team rules as the rest of the API; every read and search is audited.
 *
 * @module
 */
import type { Bundle, BundleEntry, BundleLink, Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { INTAKE_PATHS, answersOfFhirQuestionnaireResponse, readingOfFhirObservation } from '@kairos/core';
import { QuestionnaireEntryBodySchema } from '@kairos/api';
import { enterQuestionnaire } from '../services/questionnaires/enter-questionnaire.js';
import { normalizeAnswers } from '../services/questionnaires/internal/store-response.js';
import { questionnaireResponseResource } from '../services/fhir/questionnaire-resources.js';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { requestMeta, signInOf } from '../http/auth.js';
import { routesOf } from '../http/route-options.js';
import { fhirRead, fhirSearch } from '../services/fhir/fhir-interactions.js';
import type { FhirHit } from '../services/fhir/fhir-types.js';
import { FHIR_TYPES } from '../services/fhir/registry.js';
import { sessionOfDeviceObservation, storedDeviceObservation } from '../services/fhir/observation-intake.js';
import { validateFhirInWorker } from '../workers/worker-pool.js';
import { capabilityStatement } from './capability.js';
import { FHIR_JSON } from './operation-outcome.js';
import { parseSearch } from './search-params.js';

export const FHIR_BASE_PATH = '/fhir/R4';

const IdParam = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: letters, digits, - and ., at most 64') });
const TypeParam = z.strictObject({ type: z.string().max(64) });
const TypeIdParam = z.strictObject({ type: z.string().max(64), id: z.string().max(64) });

/** The server's base URL as clients reach it: the configured public URL, else the request's own host. */
export function baseUrlOf(req: FastifyRequest): string {
  const configured = req.server.ctx.config.publicUrl;
  return `${configured ?? `${req.protocol}://${req.host}`}${FHIR_BASE_PATH}`;
}

/** The query string of `query` with `_offset` set (the paging links). */
function pageUrl(base: string, type: string, query: Record<string, string | string[] | undefined>, offset: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === '_offset' || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  }
  if (offset > 0) params.set('_offset', String(offset));
  const text = params.toString();
  return `${base}/${type}${text === '' ? '' : `?${text}`}`;
}

const entryOf = (base: string, hit: FhirHit, mode: 'match' | 'include'): BundleEntry => ({
  fullUrl: `${base}/${hit.resource.resourceType}/${hit.resource.id ?? ''}`,
  resource: hit.resource,
  search: { mode },
});

export const fhirRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['fhir']);
  const db = () => app.ctx.database.db;
  const raw = 'application/fhir+json';

  app.get(
    FHIR_BASE_PATH + '/metadata',
    route({ action: 'public', raw }, 'The CapabilityStatement: exactly what this FHIR server supports', {}),
    (req, reply) => reply.type(FHIR_JSON).send(capabilityStatement(baseUrlOf(req), FHIR_TYPES)),
  );

  for (const handler of FHIR_TYPES) {
    app.get(
      `${FHIR_BASE_PATH}/${handler.type}`,
      route({ action: handler.action, raw }, `Search ${handler.type}: ${handler.description}`, {}),
      async (req, reply) => {
        const query = req.query as Record<string, string | string[] | undefined>;
        const parsed = parseSearch(handler.type, query, handler.searchParams, handler.includes);
        const base = baseUrlOf(req);
        const { total, matches, included } = await fhirSearch(
          db(),
          signInOf(req).actor,
          handler,
          parsed,
          Object.keys(query),
          requestMeta(req),
          { stageAudit: true },
        );
        app.deviceIntake.sealSoon();
        const link: BundleLink[] = [{ relation: 'self', url: pageUrl(base, handler.type, query, parsed.offset) }];
        if (parsed.count > 0 && parsed.offset + parsed.count < total)
          link.push({ relation: 'next', url: pageUrl(base, handler.type, query, parsed.offset + parsed.count) });
        if (parsed.offset > 0)
          link.push({
            relation: 'previous',
            url: pageUrl(base, handler.type, query, Math.max(0, parsed.offset - Math.max(parsed.count, 1))),
          });
        const bundle: Bundle = {
          resourceType: 'Bundle',
          type: 'searchset',
          total,
          link,
          entry: [...matches.map((h) => entryOf(base, h, 'match')), ...included.map((h) => entryOf(base, h, 'include'))],
        };
        return reply.type(FHIR_JSON).header('cache-control', 'no-store').send(bundle);
      },
    );
    app.get(
      `${FHIR_BASE_PATH}/${handler.type}/:id`,
      route({ action: handler.action, raw }, `Read a ${handler.type}`, { params: IdParam }),
      async (req, reply) => {
        const hit = await fhirRead(db(), signInOf(req).actor, handler, req.params.id, requestMeta(req), { stageAudit: true });
        app.deviceIntake.sealSoon();
        return reply.type(FHIR_JSON).header('cache-control', 'no-store').send(hit.resource);
      },
    );
  }

  // FHIR's own media type carries JSON (with JSON's limits: the app's body limit and depth check).
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.post(
    `${FHIR_BASE_PATH}/Observation`,
    route(
      { action: 'device', servedFirst: true, raw },
      'A monitor posts a vital sign as an Observation (device token): validated, then stored, classified and alarmed as the JSON device route; idempotent by identifier',
      {},
    ),
    async (req, reply) => {
      if (req.device === undefined) throw new AppError('UNAUTHENTICATED', 'a device token is required');
      const device = req.device;
      const body = req.body as Record<string, unknown> | null | undefined;
      if (typeof body !== 'object' || body === null || Array.isArray(body) || body.resourceType !== 'Observation')
        throw new AppError('VALIDATION_FAILED', 'body: an Observation resource is expected', {
          issues: [{ field: 'Observation.resourceType', message: 'an Observation resource is expected' }],
        });
      // The validator's issues first (in a worker thread), then what Kairos needs of a reading.
      const problems = await validateFhirInWorker(body as unknown as Observation);
      if (problems.length > 0)
        throw new AppError('VALIDATION_FAILED', `the Observation is not valid FHIR R4: ${problems[0]?.message ?? ''}`, {
          issues: problems.map((p) => ({ field: p.expression === '' ? 'Observation' : p.expression, message: p.message })),
        });
      const intake = readingOfFhirObservation(body as unknown as Observation);
      if (!intake.ok)
        throw new AppError('VALIDATION_FAILED', `${intake.issues[0]?.field ?? 'Observation'}: ${intake.issues[0]?.message ?? ''}`, {
          issues: intake.issues,
        });
      const meta = requestMeta(req);
      await app.deviceIntake.readingRate.admit(db(), device, 1, meta);
      const sessionId = await sessionOfDeviceObservation(db(), device.siteId, intake.target);
      // The JSON route's refusals name the reading's fields (`body.readings.0.heartRate`): here, their FHIR paths.
      const fhirFields = (issues: readonly { field: string; message: string; rule?: string }[]) =>
        issues.map((i) => {
          const field = i.field.split('.').at(-1) as keyof typeof INTAKE_PATHS;
          return { field: INTAKE_PATHS[field] ?? 'Observation', message: i.message, ...(i.rule === undefined ? {} : { rule: i.rule }) };
        });
      const result = await app.deviceIntake.ingest
        .submit({ by: { device }, sessionId, readings: [intake.reading], meta })
        .catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && Array.isArray(e.details.issues))
            throw new AppError('VALIDATION_FAILED', e.message, {
              ...e.details,
              issues: fhirFields(e.details.issues as { field: string; message: string }[]),
            });
          throw e;
        });
      const refused = result.refused[0];
      if (refused !== undefined)
        throw new AppError('VALIDATION_FAILED', `the reading was refused: ${refused.issues.map((i) => i.message).join('; ')}`, {
          issues: fhirFields(refused.issues),
        });
      const stored = await storedDeviceObservation(db(), sessionId, intake.reading.clientId);
      if (stored === undefined) throw new Error('a stored reading was not found after its commit');
      return reply
        .status(result.duplicates > 0 ? 200 : 201)
        .type(FHIR_JSON)
        .header('location', `${baseUrlOf(req)}/Observation/${stored.id ?? ''}`)
        .send(stored);
    },
  );

  app.post(
    `${FHIR_BASE_PATH}/QuestionnaireResponse`,
    route(
      { action: 'questionnaires.enter', raw },
      'A clinician enters a patient’s questionnaire as a QuestionnaireResponse: validated, then scored by core and risk-routed as an entry through the API',
      {},
    ),
    async (req, reply) => {
      const { actor } = signInOf(req);
      const body = req.body as Record<string, unknown> | null | undefined;
      if (typeof body !== 'object' || body === null || Array.isArray(body) || body.resourceType !== 'QuestionnaireResponse')
        throw new AppError('VALIDATION_FAILED', 'body: a QuestionnaireResponse resource is expected', {
          issues: [{ field: 'QuestionnaireResponse.resourceType', message: 'a QuestionnaireResponse resource is expected' }],
        });
      const problems = await validateFhirInWorker(body as unknown as QuestionnaireResponse);
      if (problems.length > 0)
        throw new AppError('VALIDATION_FAILED', `the QuestionnaireResponse is not valid FHIR R4: ${problems[0]?.message ?? ''}`, {
          issues: problems.map((p) => ({ field: p.expression === '' ? 'QuestionnaireResponse' : p.expression, message: p.message })),
        });
      const intake = answersOfFhirQuestionnaireResponse(body as unknown as QuestionnaireResponse);
      if (!intake.ok)
        throw new AppError(
          'VALIDATION_FAILED',
          `${intake.issues[0]?.field ?? 'QuestionnaireResponse'}: ${intake.issues[0]?.message ?? ''}`,
          {
            issues: intake.issues,
          },
        );
      // The API's own checks of an entry (the instruments it takes, the answers' ranges), named by FHIR path.
      const entry = QuestionnaireEntryBodySchema.safeParse({
        instrument: intake.instrument,
        answers: intake.answers,
        ...(intake.completedAt === undefined ? {} : { completedAt: intake.completedAt }),
      });
      if (!entry.success)
        throw new AppError(
          'VALIDATION_FAILED',
          `QuestionnaireResponse: ${entry.error.issues[0]?.message ?? 'not an answer Kairos takes'}`,
          {
            issues: entry.error.issues.map((i) => ({
              field:
                i.path[0] === 'instrument'
                  ? 'QuestionnaireResponse.questionnaire'
                  : i.path[0] === 'completedAt'
                    ? 'QuestionnaireResponse.authored'
                    : 'QuestionnaireResponse.item',
              message: i.message,
            })),
          },
        );
      const meta = requestMeta(req);
      const stored = await enterQuestionnaire(
        db(),
        actor,
        intake.patientId,
        { ...entry.data, answers: normalizeAnswers(entry.data.answers) },
        meta,
      );
      const resource = await db()
        .transaction()
        .execute((tx) => questionnaireResponseResource.read(tx, actor, stored.id, meta));
      if (resource === undefined) throw new Error('a stored response was not found after its commit');
      return reply
        .status(201)
        .type(FHIR_JSON)
        .header('location', `${baseUrlOf(req)}/QuestionnaireResponse/${stored.id}`)
        .send(resource.resource);
    },
  );

  // Any other type: not served here, said plainly (a signed-in caller learns nothing of the records).
  const unknownType = (type: string): AppError =>
    new AppError('NOT_FOUND', `${type} is not a resource type this server supports (${FHIR_TYPES.map((t) => t.type).join(', ')})`, {
      issues: [{ field: 'type', message: `${type} is not supported` }],
    });
  app.get(
    `${FHIR_BASE_PATH}/:type`,
    route({ action: 'signed-in', raw }, 'A resource type this server does not support: 404', { params: TypeParam }),
    (req) => {
      throw unknownType(req.params.type);
    },
  );
  app.get(
    `${FHIR_BASE_PATH}/:type/:id`,
    route({ action: 'signed-in', raw }, 'A resource type this server does not support: 404', { params: TypeIdParam }),
    (req) => {
      throw unknownType(req.params.type);
    },
  );
};
