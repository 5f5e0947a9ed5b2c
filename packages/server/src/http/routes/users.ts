import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StaffDirectoryQuerySchema, StaffDirectorySchema } from '@kairos/api';

/** Staff directory for pickers (care teams, schedules): names and roles, nothing more. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
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
    async (req) => {
      let q = app.ctx.database.db.selectFrom('app_user').select(['id', 'display_name', 'roles']).where('active', '=', true);
      if (req.query.role !== undefined) q = q.where((eb) => eb(eb.val(req.query.role), '=', eb.fn.any('roles')));
      const rows = await q.orderBy('display_name').execute();
      return { items: rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles })) };
    },
  );
};
