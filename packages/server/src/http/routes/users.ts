import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  IdParams,
  StaffAccountActBodySchema,
  StaffAccountCreateBodySchema,
  StaffAccountListSchema,
  StaffAccountPasswordBodySchema,
  StaffAccountRolesBodySchema,
  StaffAccountSchema,
  StaffAccountSiteBodySchema,
  StaffDirectoryQuerySchema,
  StaffDirectorySchema,
} from '@kairos/api';
import { changeUserRoles } from '../../services/accounts/change-user-roles.js';
import { changeUserSite } from '../../services/accounts/change-user-site.js';
import { createStaffAccount } from '../../services/accounts/create-staff-account.js';
import { deactivateUser } from '../../services/accounts/deactivate-user.js';
import { listStaffAccounts } from '../../services/accounts/list-staff-accounts.js';
import { listStaffDirectory } from '../../services/accounts/list-staff-directory.js';
import { reactivateUser } from '../../services/accounts/reactivate-user.js';
import { resetUserPassword } from '../../services/accounts/reset-user-password.js';
import { resetUserSecondFactor } from '../../services/accounts/reset-user-second-factor.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/**
 * The staff directory for pickers (`/api/users`: names and roles, nothing more), and the
 * administrators' management of staff accounts (`/api/staff-accounts`, docs/api-users.md): every
 * change carries the administrator's own step-up proof and is audited with what it changed.
 */
export const userRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['users']);
  const db = () => app.ctx.database.db;
  const manage = 'users.manage' as const;
  // A site named in the body: administrators manage every site's staff (site-scope.ts, `site-config`).
  const siteInBody = { action: manage, site: { in: 'body', key: 'siteId', scope: 'site-config' } } as const;

  app.get(
    '/api/users',
    route('staff.list', 'Active staff, optionally with one role', {
      querystring: StaffDirectoryQuerySchema,
      response: { 200: StaffDirectorySchema },
    }),
    async (req) => ({ items: await listStaffDirectory(db(), signInOf(req).actor, req.query.role) }),
  );

  app.get(
    '/api/staff-accounts',
    route(manage, 'Staff accounts with roles, site, status, second factor and last sign-in (administrators)', {
      response: { 200: StaffAccountListSchema },
    }),
    async (req) => ({ items: await listStaffAccounts(db(), signInOf(req).actor) }),
  );
  app.post(
    '/api/staff-accounts',
    route(siteInBody, 'Create a staff account with a first password (administrator’s step-up)', {
      body: StaffAccountCreateBodySchema,
      response: { 201: StaffAccountSchema },
    }),
    async (req, reply) => reply.status(201).send(await createStaffAccount(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );
  app.put(
    '/api/staff-accounts/:id/roles',
    route(manage, 'Change an account’s roles (administrator’s step-up)', {
      params: IdParams,
      body: StaffAccountRolesBodySchema,
      response: { 200: StaffAccountSchema },
    }),
    async (req) => changeUserRoles(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.put(
    '/api/staff-accounts/:id/site',
    route(siteInBody, 'Move an account to another site (administrator’s step-up)', {
      params: IdParams,
      body: StaffAccountSiteBodySchema,
      response: { 200: StaffAccountSchema },
    }),
    async (req) => changeUserSite(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/staff-accounts/:id/password',
    route(manage, 'Set a temporary password; the account’s sign-ins end (administrator’s step-up)', {
      params: IdParams,
      body: StaffAccountPasswordBodySchema,
      response: { 200: StaffAccountSchema },
    }),
    async (req) => resetUserPassword(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/staff-accounts/:id/second-factor/reset',
    route(manage, 'Remove an account’s second factor; its sign-ins end (administrator’s step-up)', {
      params: IdParams,
      body: StaffAccountActBodySchema,
      response: { 200: StaffAccountSchema },
    }),
    async (req) => resetUserSecondFactor(db(), signInOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );
  app.post(
    '/api/staff-accounts/:id/deactivate',
    route(manage, 'Deactivate an account: no sign-in, its open sign-ins end (administrator’s step-up)', {
      params: IdParams,
      body: StaffAccountActBodySchema,
      response: { 200: StaffAccountSchema },
    }),
    async (req) => deactivateUser(db(), signInOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );
  app.post(
    '/api/staff-accounts/:id/reactivate',
    route(manage, 'Reactivate a deactivated account (administrator’s step-up)', {
      params: IdParams,
      body: StaffAccountActBodySchema,
      response: { 200: StaffAccountSchema },
    }),
    async (req) => reactivateUser(db(), signInOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );
};
