/**
 * Builds the Fastify app: wiring only (plugins, routes, one error handler). Routes live in
 * `routes/`, one file per feature; use cases in `../services/`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { forgetRequest, useAuditKey } from '../services/audit.js';
import type { AppContext, RouteTableEntry } from './context.js';
import { installErrorHandler, sendAppError } from './error-handler.js';
import { authPlugin } from './auth.js';
import { runAdmitted } from '../admission-context.js';
import { createResponseSerializer, responseSchemaProblem } from './response-contract.js';
import { docsPolicy, pageWithNonce, registerSecurityHeaders } from './security-headers.js';
import { fhirRoutes } from '../fhir/fhir-routes.js';
import { fhirBulkExportRoutes } from '../fhir/bulk-export-routes.js';
import { createDeviceIntake } from './device-intake.js';
import { auditTrailRoutes } from './routes/audit-trail.js';
import { emergencyAccessRoutes } from './routes/emergency-access.js';
import { healthRoutes, VERSION } from './routes/health.js';
import { intakeRoutes } from './routes/intake.js';
import { localAdminRoutes } from './routes/local-admin.js';
import { messageRoutes } from './routes/messages.js';
import { noteRoutes } from './routes/notes.js';
import { portalRoutes } from './routes/portal.js';
import { measureRoutes } from './routes/measures.js';
import { scheduleRoutes } from './routes/schedule.js';
import { dosingSessionRoutes } from './routes/dosing-sessions.js';
import { hl7SenderRoutes } from './routes/hl7-senders.js';
import { billingRoutes } from './routes/billing.js';
import { credentialRoutes } from './routes/credentials.js';
import { liveEventRoutes } from './routes/events.js';
import { siteRoutes } from './routes/sites.js';
import { programOutcomeRoutes } from './routes/program-outcomes.js';
import { researchExportRoutes } from './routes/research-export.js';
import { outcomeReportRoutes } from './routes/outcome-reports.js';
import { stockRoutes } from './routes/stock.js';
import { patientRoutes } from './routes/patients.js';
import { signInRoutes } from './routes/sign-in.js';
import { stepUpRoutes } from './routes/step-up.js';
import { secondFactorRoutes } from './routes/second-factor.js';
import { userRoutes } from './routes/users.js';

/** Largest request body accepted: 1 MB. */
export const BODY_LIMIT_BYTES = 1_048_576;

/** URL prefixes of the API; everything else is the web app. */
const API_PREFIXES = ['/api/', '/fhir/'];
/** Routes the API documentation plugin registers itself: public by nature. */
const DOCS_PREFIX = '/api/docs';

/** True for a zod object schema that refuses unknown keys (`z.strictObject` or `.strict()`), or a union of them. */
function isStrictZodObject(schema: unknown): boolean {
  type Def = { type?: string; catchall?: { _zod?: { def?: { type?: string } } }; options?: unknown[]; in?: unknown };
  const def = (schema as { _zod?: { def?: Def } })._zod?.def;
  if (def?.type === 'union') return (def.options ?? []).every(isStrictZodObject);
  if (def?.type === 'pipe') return isStrictZodObject(def.in);
  return def?.type === 'object' && def.catchall?._zod?.def?.type === 'never';
}

/** True when a zod object schema (or every branch of a union of them) has a field `key`. */
function hasField(schema: unknown, key: string): boolean {
  type Def = { type?: string; shape?: Record<string, unknown>; options?: unknown[]; in?: unknown };
  const def = (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
  if (def?.type === 'union') return (def.options ?? []).some((o) => hasField(o, key));
  if (def?.type === 'pipe') return hasField(def.in, key);
  return def?.type === 'object' && def.shape !== undefined && Object.prototype.hasOwnProperty.call(def.shape, key);
}

/**
 * What is wrong with a route's response schemas, or undefined: a JSON route declares a schema for
 * each success it answers (2xx), none of them any, unknown or loose; a route answering something
 * else (a PDF, an event stream) says so in `config.raw`.
 */
function responseProblemOf(response: unknown, raw: string | undefined): string | undefined {
  if (raw !== undefined) return undefined;
  if (response === undefined || response === null || typeof response !== 'object') return 'declares no response schema';
  const successes = Object.entries(response).filter(([status]) => /^2(\d\d|xx)$/.test(status));
  if (successes.length === 0) return 'declares no response schema for a success (2xx)';
  for (const [status, schema] of successes) {
    const problem = responseSchemaProblem(schema);
    if (problem !== undefined) return `${status}: ${problem}`;
  }
  return undefined;
}

/** Stands for Fastify's default compilers until the app's own are set (never called: see buildApp). */
function unusedCompiler(): never {
  throw new Error('the app sets its validator and serializer compilers before any route');
}

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  useAuditKey(ctx.config.auditKey);
  const app = Fastify({
    // The cast widens pino's Logger to Fastify's logger type, so the app is a plain FastifyInstance.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
    // The proxies' addresses, never `true` (which believes the leftmost, client-written X-Forwarded-For).
    trustProxy: ctx.config.trustProxy === false ? false : ctx.config.trustProxy.join(','),
    return503OnClosing: true,
    // Validation is zod's and serialization the response contract's, set just below for every
    // route (setValidatorCompiler and setSerializerCompiler replace these factories). Without
    // them Fastify loads its defaults (ajv, fast-json-stringify) at construction for nothing:
    // about 0.3 s of every start.
    schemaController: { compilersFactory: { buildValidator: unusedCompiler, buildSerializer: unusedCompiler } },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: any other body is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializer(ctx.config.mode, app.log));
  app.decorate('ctx', ctx);
  const routeTable: RouteTableEntry[] = [];
  app.decorate('routeTable', routeTable);

  app.addHook('onRoute', (route) => {
    const isApi = API_PREFIXES.some((p) => route.url.startsWith(p));
    if (!isApi || route.method === 'HEAD') return;
    const fromDocs = route.url.startsWith(DOCS_PREFIX);
    const action = route.config?.action ?? (fromDocs ? 'public' : undefined);
    if (action === undefined) {
      // A route that declares nothing fails the start, and with it every test.
      throw new Error(`route ${String(route.method)} ${route.url} declares no action (config.action)`);
    }
    for (const part of ['body', 'querystring'] as const) {
      const schema = route.schema?.[part];
      if (schema !== undefined && !isStrictZodObject(schema)) {
        // Unknown fields are refused, never silently dropped: the schema must say so.
        throw new Error(`route ${String(route.method)} ${route.url}: the ${part} schema must be a strict zod object (z.strictObject)`);
      }
    }
    // A staff route that names a site must say how its site is checked against the actor's (config.site).
    const namesSite =
      route.url.startsWith('/api/sites/:id') || (['body', 'querystring'] as const).some((part) => hasField(route.schema?.[part], 'siteId'));
    if (namesSite && route.config?.site === undefined && action !== 'public' && action !== 'local-admin') {
      throw new Error(`route ${String(route.method)} ${route.url} names a site but declares no site scope (config.site)`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routeTable.push({
        method: String(method),
        url: route.url,
        action,
        hasBody: route.schema?.body !== undefined,
        hasParams: route.schema?.params !== undefined,
        hasQuery: route.schema?.querystring !== undefined,
        raw: route.config?.raw,
        site: route.config?.site,
        liveFeed: route.config?.liveFeed === true,
        hidden: fromDocs || route.schema?.hide === true,
        responseProblem: fromDocs ? undefined : responseProblemOf(route.schema?.response, route.config?.raw),
      });
    }
  });

  // Fair admission to the database (store/admission.ts): readings and live streams are served
  // first, and no request waits more than a second for a connection (then a 503 with Retry-After).
  // The first onRequest hook, so that everything of the request (sign-in checks too) runs in it.
  app.addHook('onRequest', (req, _reply, done) => {
    runAdmitted(req.routeOptions.config?.servedFirst === true ? 'first' : 'normal', done);
  });

  // PostgreSQL refuses NUL in text and jsonb: any string of a body or query holding one is a 400
  // naming the field, before a route can try to store it (and answer a 500).
  // A body nested deeper than MAX_JSON_DEPTH is refused before anything walks it (a deep one
  // would overflow the stack of the checks below and of validation: a 500); a PATCH naming no
  // field changes nothing and is a 400 rather than an empty update.
  app.addHook('preValidation', (req, _reply, done) => {
    if (jsonDepth(req.body) > MAX_JSON_DEPTH)
      return done(
        new AppError('VALIDATION_FAILED', `body: nested deeper than ${MAX_JSON_DEPTH} levels`, {
          issues: [{ field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
        }),
      );
    if (req.method === 'PATCH' && isEmptyObject(req.body))
      return done(
        new AppError('VALIDATION_FAILED', 'body: names no field to change', {
          issues: [{ field: 'body', message: 'names no field to change' }],
        }),
      );
    for (const [part, value] of [
      ['body', req.body],
      ['query', req.query],
    ] as const) {
      const at = findNul(value, part);
      if (at !== undefined)
        return done(
          new AppError('VALIDATION_FAILED', `${at}: must not contain NUL characters`, {
            issues: [{ field: at, message: 'must not contain NUL characters' }],
          }),
        );
    }
    done();
  });

  // While closing, answer what is in flight with `Connection: close`, so keep-alive clients let go
  // and the close completes instead of waiting for their idle timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // A change made through this instance may have appended live events: wake its subscribers.
  app.addHook('onResponse', async (req, reply) => {
    forgetRequest(req.id);
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) ctx.bus.nudge();
  });
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (closing) void reply.header('connection', 'close');
    if (API_PREFIXES.some((p) => req.url.startsWith(p))) void reply.header('cache-control', 'no-store');
  });

  installErrorHandler(app);
  await registerSecurityHeaders(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kairos API', version: VERSION, description: 'Ketamine-assisted psychotherapy programs: the Kairos HTTP API.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true, transformStaticCSP: docsPolicy });

  app.get('/api/openapi.json', { config: { action: 'public', raw: 'application/vnd.oai.openapi+json' }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  // Monitors' readings: one intake for every route they post through (JSON and FHIR).
  app.decorate('deviceIntake', createDeviceIntake(app));
  // The HL7 v2 listener's port, once the server's start opened it (src/hl7/mllp-listener.ts).
  app.decorate('hl7Listener', { port: null });
  await app.register(authPlugin);
  await app.register(healthRoutes);
  await app.register(signInRoutes);
  await app.register(stepUpRoutes);
  await app.register(secondFactorRoutes);
  await app.register(patientRoutes);
  await app.register(stockRoutes);
  await app.register(programOutcomeRoutes);
  await app.register(researchExportRoutes);
  await app.register(outcomeReportRoutes);
  await app.register(userRoutes);
  await app.register(siteRoutes);
  await app.register(intakeRoutes);
  await app.register(portalRoutes);
  await app.register(measureRoutes);
  await app.register(scheduleRoutes);
  await app.register(dosingSessionRoutes);
  await app.register(hl7SenderRoutes);
  await app.register(billingRoutes);
  await app.register(credentialRoutes);
  await app.register(liveEventRoutes);
  await app.register(localAdminRoutes);
  await app.register(messageRoutes);
  await app.register(noteRoutes);
  await app.register(emergencyAccessRoutes);
  await app.register(auditTrailRoutes);
  await app.register(fhirRoutes);
  await app.register(fhirBulkExportRoutes);

  const webIndex = join(ctx.config.webDist, 'index.html');
  const webBuilt = existsSync(webIndex);
  if (webBuilt) {
    // The page itself is answered below, with this request's nonce; the static files are the assets.
    await app.register(fastifyStatic, {
      root: ctx.config.webDist,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset (packages/web/vite.config.ts): sent as the browser accepts.
      preCompressed: true,
      allowedPath: (path) => path !== '/index.html',
    });
  }
  const webPage = webBuilt ? readFileSync(webIndex, 'utf8') : '';

  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (API_PREFIXES.some((p) => path.startsWith(p)) || path === '/api' || path === '/fhir') {
      return sendAppError(reply, new AppError('NOT_FOUND', `no route ${req.method} ${path}`, { method: req.method, path }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendAppError(reply, new AppError('NOT_FOUND', `no route ${req.method} ${path}`, { method: req.method, path }));
    }
    if (!webBuilt) {
      return reply
        .type('text/plain; charset=utf-8')
        .send('Kairos is running, but the web app is not built. Run `npm run build:web` (npm start does it for you).');
    }
    // Client-side routes: every other GET gets the web app, which routes in the browser.
    return reply.type('text/html; charset=utf-8').send(pageWithNonce(webPage, reply));
  });

  return app;
}

/** How deep a parsed JSON body may nest (objects and arrays): no request of the contract comes near it. */
export const MAX_JSON_DEPTH = 64;

/** The nesting depth of a parsed JSON value (a scalar is 0, `{}` and `[]` are 1), without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [v, depth] = next;
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(v) ? (v as unknown[]) : Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

const isEmptyObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;

/** The path of the first string holding a NUL character (keys included), or undefined. */
export function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const at = findNul(v, `${path}[${i}]`);
      if (at !== undefined) return at;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `${path}.${k.replaceAll('\u0000', '\\0')}`;
      const at = findNul(v, `${path}.${k}`);
      if (at !== undefined) return at;
    }
  }
  return undefined;
}
