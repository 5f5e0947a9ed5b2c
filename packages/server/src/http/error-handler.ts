/**
 * The one error handler of the HTTP API. Every 4xx names the field and the problem; a 500 logs
 * the error (without request data) and answers only a request id.
 *
 * @module
 */
import { ResponseContractError } from './response-contract.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, isDatabaseUnreachable, type ErrorCode } from '../errors.js';
import { recordRefusalOnce } from '../services/access/refusals.js';
import { DEVICE, PATIENT, type AuditActor } from '../services/context.js';
import { requestMeta } from './auth.js';
import { FHIR_JSON, isFhirUrl, operationOutcomeOf } from '../fhir/operation-outcome.js';

/** Refusals of an authenticated request that go on the record (a use case's 403, or a 409 or 422 on one of its rules). */
const RECORDED_REFUSALS = new Set([403, 409, 422]);

/** Who made an authenticated request: the staff member, the device or the patient; undefined when nobody is authenticated. */
function actorOf(req: FastifyRequest): AuditActor | undefined {
  if (req.signIn !== undefined) return req.signIn.actor;
  if (req.device !== undefined) return DEVICE;
  if (req.portal !== undefined) return PATIENT;
  return undefined;
}

/** Records `err` when it refuses an authenticated request and nothing recorded it yet (never fails the answer). */
async function recordRefusal(req: FastifyRequest, err: AppError): Promise<void> {
  const actor = actorOf(req);
  if (actor === undefined || !RECORDED_REFUSALS.has(err.status)) return;
  const ruleCode = typeof err.details.code === 'string' ? { rule: err.details.code } : {};
  await recordRefusalOnce(
    req.server.ctx.database.db,
    { ...requestMeta(req), actor },
    {
      route: req.routeOptions.url,
      method: req.method,
      status: err.status,
      code: err.code,
      ...ruleCode,
      ...(req.device === undefined ? {} : { device: { token: req.device.id, name: req.device.name } }),
    },
  ).catch((e: unknown) => req.log.error({ err: e instanceof Error ? e.name : 'error' }, 'a refusal could not be recorded'));
}

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

function send(reply: FastifyReply, status: number, code: string, message: string, details: Record<string, unknown> = {}): FastifyReply {
  // The FHIR API answers the same error as an OperationOutcome.
  if (isFhirUrl(reply.request.url))
    return reply
      .status(status)
      .type(FHIR_JSON)
      .send(operationOutcomeOf(status, code, message, details));
  const body: ErrorBody = { error: { code, message, details } };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own errors that are the client's fault, mapped to our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/** A body limit in words: "1 MB", "13.3 MB". */
function megabytes(bytes: number | undefined): string {
  const mb = (bytes ?? 1_048_576) / 1_048_576;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

export function sendAppError(reply: FastifyReply, err: AppError): FastifyReply {
  // A throttle or a busy service says when to come back (RFC 9110 Retry-After, in seconds).
  const retryAfter = err.details.retryAfterSeconds;
  if ((err.code === 'RATE_LIMITED' || err.code === 'SERVICE_UNAVAILABLE') && typeof retryAfter === 'number')
    void reply.header('retry-after', String(Math.ceil(retryAfter)));
  return send(reply, err.status, err.code, err.message, err.details);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      await recordRefusal(req, err);
      return sendAppError(reply, err);
    }

    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const issues = err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return { field: path === '' ? where : `${where}.${path}`, message: v.message ?? 'is invalid' };
      });
      const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
      return send(reply, 400, 'VALIDATION_FAILED', message, { issues });
    }

    const mapped = err.code === undefined ? undefined : FASTIFY_CODES[err.code];
    if (mapped !== undefined) {
      const message =
        mapped === 'MALFORMED_JSON'
          ? `body: not valid JSON (${err.message})`
          : mapped === 'BODY_TOO_LARGE'
            ? `body: larger than the ${megabytes(req.routeOptions.bodyLimit)} limit`
            : err.message;
      return send(reply, ERROR_STATUS[mapped], mapped, message);
    }

    // Any other 4xx Fastify raises (e.g. a bad URL encoding) is still the client's fault.
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, err.statusCode, err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', err.message);
    }

    // Test mode only: an answer outside its contract fails the test that made it, saying where.
    if (err instanceof ResponseContractError) {
      req.log.error(
        { route: err.route, issues: err.issues.map((i) => ({ path: i.path, code: i.code })) },
        'an answer did not match its response schema',
      );
      return send(reply, 500, 'RESPONSE_CONTRACT', err.message, {
        requestId: req.id,
        issues: err.issues.map((i) => ({ field: i.path, message: i.message })),
      });
    }

    // The database is down or restarting: a 503 the client may retry, not a defect. The pool
    // reconnects by itself, so the next request after it is back succeeds.
    if (isDatabaseUnreachable(err)) {
      req.log.warn({ err: { type: err.name, code: err.code } }, 'the database cannot be reached');
      return send(reply, 503, 'SERVICE_UNAVAILABLE', 'The database cannot be reached just now; try again in a moment.');
    }

    // The message is not logged: it may quote the data that caused it. Type, code and the stack
    // frames (without the message line) find the place; the request id finds the request.
    const frames = (err.stack ?? '')
      .split('\n')
      .filter((l) => l.trimStart().startsWith('at '))
      .slice(0, 12);
    req.log.error({ err: { type: err.name, code: err.code, frames } }, 'request failed');
    return send(reply, 500, 'INTERNAL', `Internal error. Quote request id ${req.id} when reporting it.`, { requestId: req.id });
  });
}
