import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { StaffDirectoryQuerySchema, StaffDirectorySchema } from '@kairos/api';
import { signInOf } from '../auth.js';
import { listStaffDirectory } from '../../services/accounts/list-staff-directory.js';

/** Staff directory for pickers (care teams, schedules): names and roles, nothing more. */
export const userRoutes: FastifyPluginCallbackZod = (app) => {
  app.get(
    '/api/users',
    {
      config: { action: 'staff.list' },
      schema: {
        tags: ['users'],
        summary: 'Active staff, optionally with one role',
        querystring: StaffDirectoryQuerySchema,
        response: { 200: StaffDirectorySchema },
      },
    },
    async (req) => ({ items: await listStaffDirectory(app.ctx.database.db, signInOf(req).actor, req.query.role) }),
  );
};
