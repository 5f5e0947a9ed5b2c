import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  ConsentDocumentCreateBodySchema,
  ConsentDocumentListSchema,
  ConsentDocumentSchema,
  IdParams,
  ProtocolDosingCheckSchema,
  ProtocolProposalBodySchema,
  ProtocolSignBodySchema,
  ProtocolSignParamsSchema,
  ProtocolVersionSchema,
  ProtocolViewSchema,
  SiteCreateBodySchema,
  SiteItemCreateBodySchema,
  SiteItemUpdateBodySchema,
  SiteListSchema,
  SiteSchema,
  SiteUpdateBodySchema,
} from '@kairos/api';
import { createConsentDocument } from '../../services/consent/create-consent-document.js';
import { listConsentDocuments } from '../../services/consent/list-consent-documents.js';
import { dosingCheck } from '../../services/protocol/dosing-check.js';
import { proposeProtocolVersion } from '../../services/protocol/propose-protocol-version.js';
import { protocolView } from '../../services/protocol/protocol-view.js';
import { signProtocolVersion } from '../../services/protocol/sign-protocol-version.js';
import { addChair } from '../../services/sites/add-chair.js';
import { addRoom } from '../../services/sites/add-room.js';
import { createSite } from '../../services/sites/create-site.js';
import { getSite } from '../../services/sites/get-site.js';
import { listSites } from '../../services/sites/list-sites.js';
import { updateChair } from '../../services/sites/update-chair.js';
import { updateRoom } from '../../services/sites/update-room.js';
import { updateSite } from '../../services/sites/update-site.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** Sites, rooms, chairs, the protocol configuration and consent documents (Settings). */
export const siteRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['sites'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;
  const read = { action: 'sites.read' as const };
  const manage = { action: 'sites.manage' as const };
  // The /api/sites/:id routes read or change that site's configuration: the actor's own site (admins: any).
  const site = { in: 'params', key: 'id', scope: 'site-config' } as const;

  app.get(
    '/api/sites',
    route(read, 'The sites with their rooms and chairs (the actor’s own; admins: every site)', { response: { 200: SiteListSchema } }),
    async (req) => ({
      items: await listSites(db(), signInOf(req).actor),
    }),
  );
  app.get('/api/sites/:id', route({ ...read, site }, 'One site', { params: IdParams, response: { 200: SiteSchema } }), async (req) =>
    getSite(db(), req.params.id),
  );
  app.post(
    '/api/sites',
    route(manage, 'Create a site', { body: SiteCreateBodySchema, response: { 201: SiteSchema } }),
    async (req, reply) => reply.status(201).send(await createSite(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );
  app.patch(
    '/api/sites/:id',
    route({ ...manage, site }, 'Change a site', { params: IdParams, body: SiteUpdateBodySchema, response: { 200: SiteSchema } }),
    async (req) => updateSite(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sites/:id/rooms',
    route({ ...manage, site }, 'Add a room', { params: IdParams, body: SiteItemCreateBodySchema, response: { 201: SiteSchema } }),
    async (req, reply) => reply.status(201).send(await addRoom(db(), signInOf(req).actor, req.params.id, req.body.name, requestMeta(req))),
  );
  app.patch(
    '/api/rooms/:id',
    route(manage, 'Rename or deactivate a room', { params: IdParams, body: SiteItemUpdateBodySchema, response: { 200: SiteSchema } }),
    async (req) => updateRoom(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/rooms/:id/chairs',
    route(manage, 'Add a chair to a room', { params: IdParams, body: SiteItemCreateBodySchema, response: { 201: SiteSchema } }),
    async (req, reply) => reply.status(201).send(await addChair(db(), signInOf(req).actor, req.params.id, req.body.name, requestMeta(req))),
  );
  app.patch(
    '/api/chairs/:id',
    route(manage, 'Rename or deactivate a chair', { params: IdParams, body: SiteItemUpdateBodySchema, response: { 200: SiteSchema } }),
    async (req) => updateChair(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.get(
    '/api/sites/:id/protocol',
    route({ ...read, site }, 'The protocol configuration: every value with its provenance and review state, and the versions', {
      params: IdParams,
      response: { 200: ProtocolViewSchema },
    }),
    async (req) => protocolView(db(), req.params.id, app.ctx.clock.now()),
  );
  app.post(
    '/api/sites/:id/protocol/versions',
    route({ action: 'protocol.propose', site }, 'Propose a new version (unsigned)', {
      params: IdParams,
      body: ProtocolProposalBodySchema,
      response: { 201: ProtocolVersionSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await proposeProtocolVersion(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.post(
    '/api/sites/:id/protocol/versions/:version/sign',
    route({ action: 'protocol.sign', site }, 'Sign the current version (medical director, step-up)', {
      params: ProtocolSignParamsSchema,
      body: ProtocolSignBodySchema,
      response: { 200: ProtocolVersionSchema },
    }),
    async (req) =>
      signProtocolVersion(db(), signInOf(req).actor, req.params.id, req.params.version, req.body.stepUpToken, requestMeta(req)),
  );
  app.get(
    '/api/sites/:id/protocol/dosing-check',
    route(
      { ...read, site },
      'May dosing run at this site now? (the protocol in force is its latest signed version; a pending proposal changes nothing)',
      { params: IdParams, response: { 200: ProtocolDosingCheckSchema } },
    ),
    async (req) => {
      await getSite(db(), req.params.id);
      return dosingCheck(db(), req.params.id, app.ctx.config.mode, app.ctx.clock.now());
    },
  );

  app.get(
    '/api/sites/:id/consent-documents',
    route({ ...read, site }, 'Consent document versions, newest first', { params: IdParams, response: { 200: ConsentDocumentListSchema } }),
    async (req) => {
      await getSite(db(), req.params.id);
      return { items: await listConsentDocuments(db(), req.params.id) };
    },
  );
  app.post(
    '/api/sites/:id/consent-documents',
    route({ action: 'consent-documents.write', site }, 'Write a new consent version (it becomes current)', {
      params: IdParams,
      body: ConsentDocumentCreateBodySchema,
      response: { 201: ConsentDocumentSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await createConsentDocument(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
};
