import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
import { createConsentDocument, listConsentDocuments } from '../../services/consent/consent-documents.js';
import { dosingCheck, proposeProtocolVersion, protocolView, signProtocolVersion } from '../../services/protocol.js';
import { addChair, addRoom, createSite, getSite, listSites, updateChair, updateRoom, updateSite } from '../../services/sites.js';
import { requestMeta, signInOf } from '../auth.js';

/** Sites, rooms, chairs, the protocol configuration and consent documents (Settings). */
export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['sites'];
  const db = () => app.ctx.database.db;
  const read = { action: 'sites.read' as const };
  const manage = { action: 'sites.manage' as const };

  app.get(
    '/api/sites',
    { config: read, schema: { tags, summary: 'Every site with its rooms and chairs', response: { 200: SiteListSchema } } },
    async () => ({ items: await listSites(db()) }),
  );
  app.get(
    '/api/sites/:id',
    { config: read, schema: { tags, summary: 'One site', params: IdParams, response: { 200: SiteSchema } } },
    async (req) => getSite(db(), req.params.id),
  );
  app.post(
    '/api/sites',
    { config: manage, schema: { tags, summary: 'Create a site', body: SiteCreateBodySchema, response: { 201: SiteSchema } } },
    async (req, reply) => reply.status(201).send(await createSite(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );
  app.patch(
    '/api/sites/:id',
    {
      config: manage,
      schema: { tags, summary: 'Change a site', params: IdParams, body: SiteUpdateBodySchema, response: { 200: SiteSchema } },
    },
    async (req) => updateSite(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sites/:id/rooms',
    {
      config: manage,
      schema: { tags, summary: 'Add a room', params: IdParams, body: SiteItemCreateBodySchema, response: { 201: SiteSchema } },
    },
    async (req, reply) => reply.status(201).send(await addRoom(db(), signInOf(req).actor, req.params.id, req.body.name, requestMeta(req))),
  );
  app.patch(
    '/api/rooms/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename or deactivate a room',
        params: IdParams,
        body: SiteItemUpdateBodySchema,
        response: { 200: SiteSchema },
      },
    },
    async (req) => updateRoom(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/rooms/:id/chairs',
    {
      config: manage,
      schema: { tags, summary: 'Add a chair to a room', params: IdParams, body: SiteItemCreateBodySchema, response: { 201: SiteSchema } },
    },
    async (req, reply) => reply.status(201).send(await addChair(db(), signInOf(req).actor, req.params.id, req.body.name, requestMeta(req))),
  );
  app.patch(
    '/api/chairs/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename or deactivate a chair',
        params: IdParams,
        body: SiteItemUpdateBodySchema,
        response: { 200: SiteSchema },
      },
    },
    async (req) => updateChair(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.get(
    '/api/sites/:id/protocol',
    {
      config: read,
      schema: {
        tags,
        summary: 'The protocol configuration: every value with its provenance and review state, and the versions',
        params: IdParams,
        response: { 200: ProtocolViewSchema },
      },
    },
    async (req) => protocolView(db(), req.params.id, app.ctx.clock.now()),
  );
  app.post(
    '/api/sites/:id/protocol/versions',
    {
      config: { action: 'protocol.propose' },
      schema: {
        tags,
        summary: 'Propose a new version (unsigned)',
        params: IdParams,
        body: ProtocolProposalBodySchema,
        response: { 201: ProtocolVersionSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await proposeProtocolVersion(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.post(
    '/api/sites/:id/protocol/versions/:version/sign',
    {
      config: { action: 'protocol.sign' },
      schema: {
        tags,
        summary: 'Sign the current version (medical director, step-up)',
        params: ProtocolSignParamsSchema,
        body: ProtocolSignBodySchema,
        response: { 200: ProtocolVersionSchema },
      },
    },
    async (req) =>
      signProtocolVersion(db(), signInOf(req).actor, req.params.id, req.params.version, req.body.stepUpToken, requestMeta(req)),
  );
  app.get(
    '/api/sites/:id/protocol/dosing-check',
    {
      config: read,
      schema: {
        tags,
        summary:
          'May dosing run at this site now? (the protocol in force is its latest signed version; a pending proposal changes nothing)',
        params: IdParams,
        response: { 200: ProtocolDosingCheckSchema },
      },
    },
    async (req) => {
      await getSite(db(), req.params.id);
      return dosingCheck(db(), req.params.id, app.ctx.config.mode, app.ctx.clock.now());
    },
  );

  app.get(
    '/api/sites/:id/consent-documents',
    {
      config: read,
      schema: { tags, summary: 'Consent document versions, newest first', params: IdParams, response: { 200: ConsentDocumentListSchema } },
    },
    async (req) => {
      await getSite(db(), req.params.id);
      return { items: await listConsentDocuments(db(), req.params.id) };
    },
  );
  app.post(
    '/api/sites/:id/consent-documents',
    {
      config: { action: 'consent-documents.write' },
      schema: {
        tags,
        summary: 'Write a new consent version (it becomes current)',
        params: IdParams,
        body: ConsentDocumentCreateBodySchema,
        response: { 201: ConsentDocumentSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createConsentDocument(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
};
