import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { DevMailListSchema, DevMailQuerySchema, PatientMessagesParamsSchema, PatientMessagesSchema } from '@kairos/api';
import { AppError } from '../../errors.js';
import { listPatientMessages, recordCapturedMailRead } from '../../messages/outbox.js';
import { MESSAGE_DELIVERY } from '../../messages/sender.js';
import { requestMeta, signInOf } from '../auth.js';

/** Patient messages: the outbox as the patient page shows it; in demo and test mode, the captured mail. */
export const messageRoutes: FastifyPluginCallbackZod = (app) => {
  const db = () => app.ctx.database.db;
  app.get(
    '/api/patients/:id/messages',
    {
      config: { action: 'patients.read' },
      schema: {
        tags: ['patients'],
        summary: 'Messages to the patient and their delivery state (not their bodies)',
        params: PatientMessagesParamsSchema,
        response: { 200: PatientMessagesSchema },
      },
    },
    async (req) => ({
      ...(await listPatientMessages(db(), signInOf(req).actor, req.params.id, requestMeta(req))),
      delivery: app.ctx.messages?.delivery ?? 'off',
      maxAttempts: MESSAGE_DELIVERY.maxAttempts,
    }),
  );

  if (app.ctx.config.mode !== 'demo' && app.ctx.config.mode !== 'test') return;
  // Demo and test only: the mail the local capture server received, to read what was sent. It
  // holds patient data (synthetic in the demo): read as an export, by those who read the audit trail.
  app.get(
    '/api/dev/mail',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['dev'],
        summary: 'Demo/test: mail received by the local capture server, newest last',
        querystring: DevMailQuerySchema,
        response: { 200: DevMailListSchema },
      },
    },
    async (req) => {
      const capture = app.ctx.messages?.capture;
      if (capture === undefined)
        throw new AppError('NOT_FOUND', 'No mail capture server runs here: mail goes to KAIROS_SMTP_URL, or this server sends no mail.');
      const to = req.query.to?.toLowerCase();
      const items = capture.messages().filter((m) => to === undefined || m.envelope.to.some((a) => a.toLowerCase() === to));
      await recordCapturedMailRead(
        db(),
        signInOf(req).actor,
        { count: items.length, messageIds: items.map((m) => m.messageId).filter((id): id is string => id !== null) },
        requestMeta(req),
      );
      return { items };
    },
  );
};
