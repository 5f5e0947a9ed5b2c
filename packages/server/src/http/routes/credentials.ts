import {
  CredentialBodySchema,
  CredentialCheckQuerySchema,
  CredentialCheckSchema,
  CredentialDocumentBodySchema,
  CredentialListSchema,
  CredentialParamsSchema,
  CredentialRemoveBodySchema,
  CredentialSchema,
  CredentialWarningListSchema,
  IdParams,
  StaffCredentialsListSchema,
} from '@kairos/api';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachCredentialDocument } from '../../services/credentials/attach-credential-document.js';
import { checkDuty } from '../../services/credentials/check-duty.js';
import { credentialWarnings } from '../../services/credentials/credential-warnings.js';
import { downloadCredentialDocument } from '../../services/credentials/download-credential-document.js';
import { listCredentials } from '../../services/credentials/list-credentials.js';
import { listSiteCredentials } from '../../services/credentials/list-site-credentials.js';
import { recordCredential } from '../../services/credentials/record-credential.js';
import { removeCredential } from '../../services/credentials/remove-credential.js';
import { attachmentDisposition } from '../../services/document-kind.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { REFERRAL_DOCUMENT_UPLOAD_BODY_BYTES } from './intake.js';

/**
 * Staff credentials (issue 28): recorded by an administrator or the medical director
 * (`credentials.manage`); anyone reads their own (the services check whose, and audit every read).
 */
export const credentialRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['credentials']);
  const db = () => app.ctx.database.db;
  app.get(
    '/api/users/:id/credentials',
    route(
      'signed-in',
      'A staff member’s credentials, soonest expiry first: your own, or (administrator, medical director) anyone’s at your site',
      {
        params: IdParams,
        response: { 200: CredentialListSchema },
      },
    ),
    async (req) => ({ items: await listCredentials(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );
  app.post(
    '/api/users/:id/credentials',
    {
      ...route(
        'credentials.manage',
        'Record a licence, DEA registration, ACLS or BLS, with its scanned copy (PDF, PNG or JPEG as base64, at most 10 MB)',
        {
          params: IdParams,
          body: CredentialBodySchema,
          response: { 201: CredentialSchema },
        },
      ),
      bodyLimit: REFERRAL_DOCUMENT_UPLOAD_BODY_BYTES,
    },
    async (req, reply) =>
      reply.status(201).send(await recordCredential(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.put(
    '/api/credentials/:id/document',
    {
      ...route('credentials.manage', 'Add or replace a credential’s scanned copy', {
        params: CredentialParamsSchema,
        body: CredentialDocumentBodySchema,
        response: { 200: CredentialSchema },
      }),
      bodyLimit: REFERRAL_DOCUMENT_UPLOAD_BODY_BYTES,
    },
    async (req) => attachCredentialDocument(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.get(
    '/api/credentials/:id/document',
    route(
      { action: 'signed-in', raw: 'application/pdf | image/png | image/jpeg' },
      'Download a credential’s scanned copy (your own, or as its manager)',
      {
        params: CredentialParamsSchema,
      },
    ),
    async (req, reply) => {
      const doc = await downloadCredentialDocument(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return reply
        .type(doc.mediaType)
        .header('content-disposition', attachmentDisposition(doc.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(doc.bytes);
    },
  );
  app.post(
    '/api/credentials/:id/remove',
    route('credentials.manage', 'Remove a credential entered by mistake, with a reason (it is kept on the record and no longer counts)', {
      params: CredentialParamsSchema,
      body: CredentialRemoveBodySchema,
      response: { 200: z.object({ id: z.uuid() }) },
    }),
    async (req) => removeCredential(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.get(
    '/api/users/:id/credential-check',
    route(
      'staff.list',
      'Whether a staff member may run the infusion, order the dose or be the therapist of a dosing session on a date, naming what lapsed',
      {
        params: IdParams,
        querystring: CredentialCheckQuerySchema,
        response: { 200: CredentialCheckSchema },
      },
    ),
    async (req) => checkDuty(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req)),
  );
  app.get(
    '/api/sites/:id/staff-credentials',
    route(
      { action: 'credentials.manage', site: { in: 'params', key: 'id', scope: 'site-config' } },
      'Every active staff member of a site with their credentials, by name',
      {
        params: IdParams,
        response: { 200: StaffCredentialsListSchema },
      },
    ),
    async (req) => ({ items: await listSiteCredentials(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );
  app.get(
    '/api/credential-warnings',
    route('signed-in', 'Credentials expiring within 60 days or expired: the medical director’s site’s staff, or your own', {
      response: { 200: CredentialWarningListSchema },
    }),
    async (req) => ({ items: await credentialWarnings(db(), signInOf(req).actor, requestMeta(req)) }),
  );
};
