import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createConsentDocument, listConsentDocuments } from '../../services/consent.js';
import { dosingCheck, proposeProtocolVersion, protocolView, signProtocolVersion } from '../../services/protocol.js';
import { addChair, addRoom, createSite, getSite, listSites, updateChair, updateRoom, updateSite } from '../../services/sites.js';
import { WEEKDAYS } from '../../store/schema.js';
import { isTimeZone } from '../../time.js';
import { requestMeta, sessionOf } from '../auth.js';

const Id = z.strictObject({ id: z.uuid() });
const name = z.string().trim().min(1).max(100);
const SiteFields = {
  name,
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as America/New_York'),
  workingDays: z.array(z.enum(WEEKDAYS)).min(1).max(7),
  closedDates: z.array(z.iso.date('a date as YYYY-MM-DD')).max(366),
};
const SiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  workingDays: z.array(z.string()),
  closedDates: z.array(z.string()),
  synthetic: z.boolean(),
  rooms: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean(), chairs: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })) })),
});
const VersionSchema = z.object({
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  reason: z.string(),
  signedAt: z.string().nullable(),
  signedBy: z.string().nullable(),
  changes: z.array(z.object({ path: z.string(), old: z.unknown(), new: z.unknown() })),
});

/** Sites, rooms, chairs, the protocol configuration and consent documents (Settings). */
export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['sites'];
  const db = () => app.ctx.database.db;
  const read = { action: 'sites.read' as const };
  const manage = { action: 'sites.manage' as const };

  app.get('/api/sites', { config: read, schema: { tags, summary: 'Every site with its rooms and chairs', response: { 200: z.object({ items: z.array(SiteSchema) }) } } }, async () => ({ items: await listSites(db()) }));
  app.get('/api/sites/:id', { config: read, schema: { tags, summary: 'One site', params: Id, response: { 200: SiteSchema } } }, async (req) => getSite(db(), req.params.id));
  app.post('/api/sites', { config: manage, schema: { tags, summary: 'Create a site', body: z.strictObject({ ...SiteFields, workingDays: SiteFields.workingDays.optional(), closedDates: SiteFields.closedDates.optional() }), response: { 201: SiteSchema } } }, async (req, reply) =>
    reply.status(201).send(await createSite(db(), sessionOf(req).actor, req.body, requestMeta(req))),
  );
  app.patch('/api/sites/:id', { config: manage, schema: { tags, summary: 'Change a site', params: Id, body: z.strictObject(SiteFields).partial(), response: { 200: SiteSchema } } }, async (req) =>
    updateSite(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/sites/:id/rooms', { config: manage, schema: { tags, summary: 'Add a room', params: Id, body: z.strictObject({ name }), response: { 201: SiteSchema } } }, async (req, reply) =>
    reply.status(201).send(await addRoom(db(), sessionOf(req).actor, req.params.id, req.body.name, requestMeta(req))),
  );
  app.patch('/api/rooms/:id', { config: manage, schema: { tags, summary: 'Rename or deactivate a room', params: Id, body: z.strictObject({ name: name.optional(), active: z.boolean().optional() }), response: { 200: SiteSchema } } }, async (req) =>
    updateRoom(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/rooms/:id/chairs', { config: manage, schema: { tags, summary: 'Add a chair to a room', params: Id, body: z.strictObject({ name }), response: { 201: SiteSchema } } }, async (req, reply) =>
    reply.status(201).send(await addChair(db(), sessionOf(req).actor, req.params.id, req.body.name, requestMeta(req))),
  );
  app.patch('/api/chairs/:id', { config: manage, schema: { tags, summary: 'Rename or deactivate a chair', params: Id, body: z.strictObject({ name: name.optional(), active: z.boolean().optional() }), response: { 200: SiteSchema } } }, async (req) =>
    updateChair(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.get('/api/sites/:id/protocol', { config: read, schema: { tags, summary: 'The protocol configuration: every value with its provenance and review state, and the versions', params: Id } }, async (req) =>
    protocolView(db(), req.params.id, app.ctx.clock.now()),
  );
  app.post(
    '/api/sites/:id/protocol/versions',
    {
      config: { action: 'protocol.propose' },
      schema: { tags, summary: 'Propose a new version (unsigned)', params: Id, body: z.strictObject({ changes: z.array(z.strictObject({ path: z.string().min(1).max(200), value: z.unknown() })).min(1).max(50), reason: z.string().trim().min(3).max(2000) }), response: { 201: VersionSchema } },
    },
    async (req, reply) => reply.status(201).send(await proposeProtocolVersion(db(), sessionOf(req).actor, req.params.id, req.body as { changes: { path: string; value: unknown }[]; reason: string }, requestMeta(req))),
  );
  app.post(
    '/api/sites/:id/protocol/versions/:version/sign',
    {
      config: { action: 'protocol.sign' },
      schema: { tags, summary: 'Sign the current version (medical director, step-up)', params: z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) }), body: z.strictObject({ stepUpToken: z.string().min(1) }), response: { 200: VersionSchema } },
    },
    async (req) => signProtocolVersion(db(), sessionOf(req).actor, req.params.id, req.params.version, req.body.stepUpToken, requestMeta(req)),
  );
  app.get(
    '/api/sites/:id/protocol/dosing-check',
    { config: read, schema: { tags, summary: 'May dosing run at this site now? (the protocol in force is its latest signed version; a pending proposal changes nothing)', params: Id, response: { 200: z.object({ allowed: z.boolean(), mode: z.string(), version: z.number(), signed: z.boolean(), proposal: z.number().nullable(), message: z.string() }) } } },
    async (req) => {
      await getSite(db(), req.params.id);
      return dosingCheck(db(), req.params.id, app.ctx.config.mode, app.ctx.clock.now());
    },
  );

  const DocumentSchema = z.object({ id: z.string(), version: z.number(), title: z.string(), body: z.string(), hash: z.string(), createdAt: z.string(), current: z.boolean() });
  app.get('/api/sites/:id/consent-documents', { config: read, schema: { tags, summary: 'Consent document versions, newest first', params: Id, response: { 200: z.object({ items: z.array(DocumentSchema) }) } } }, async (req) => {
    await getSite(db(), req.params.id);
    return { items: await listConsentDocuments(db(), req.params.id) };
  });
  app.post(
    '/api/sites/:id/consent-documents',
    { config: { action: 'consent-documents.write' }, schema: { tags, summary: 'Write a new consent version (it becomes current)', params: Id, body: z.strictObject({ title: z.string().trim().min(3).max(200), body: z.string().trim().min(20).max(100_000) }), response: { 201: DocumentSchema } } },
    async (req, reply) => reply.status(201).send(await createConsentDocument(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
};
