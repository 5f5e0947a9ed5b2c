import { Hl7SenderCreateBodySchema, Hl7SenderListSchema, Hl7SenderSchema, IdParams, NoContent } from '@kairos/api';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { createHl7Sender, listHl7Senders, revokeHl7Sender } from '../../services/hl7/hl7-senders.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The HL7 v2 listener's port once it listens (set by the server's start; null: off). */
    readonly hl7Listener: { port: number | null };
  }
}

/** The addresses a site's monitors send HL7 v2 (MLLP) from: an administrator's list, per site. */
export const hl7SenderRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['devices']);
  const db = () => app.ctx.database.db;
  const admin = 'users.manage';
  app.get(
    '/api/hl7-senders',
    route(admin, 'The HL7 v2 senders of your site (the addresses its monitors send from) and the listener’s port', {
      response: { 200: Hl7SenderListSchema },
    }),
    async (req) => ({ items: await listHl7Senders(db(), signInOf(req).actor), listenerPort: app.hl7Listener.port }),
  );
  app.post(
    '/api/hl7-senders',
    route(
      { action: admin, site: { in: 'body', key: 'siteId', scope: 'site-config' } },
      'List an address (or a network) a site’s monitors send HL7 v2 from; an address belongs to one site',
      { body: Hl7SenderCreateBodySchema, response: { 201: Hl7SenderSchema } },
    ),
    async (req, reply) => reply.status(201).send(await createHl7Sender(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );
  app.delete(
    '/api/hl7-senders/:id',
    route(admin, 'Remove a sender from the list: its messages are rejected from then on', {
      params: IdParams,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await revokeHl7Sender(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
};
