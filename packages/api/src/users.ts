/**
 * Staff accounts: the roles (one spelling for the server, the web and the contract) and the
 * staff directory the pickers read (`GET /api/users`).
 *
 * @module
 */
import { z } from 'zod';
import { itemsOf } from './common.js';

/** Every staff role (design.md "Who uses it"). A patient is not staff: the portal has no role. */
export const ROLES = ['admin', 'medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** `GET /api/users`: active staff, optionally only those holding one role. */
export const StaffDirectoryQuerySchema = z.strictObject({ role: /* @__PURE__ */ RoleSchema.optional() });
export type StaffDirectoryQuery = z.infer<typeof StaffDirectoryQuerySchema>;

/** One person of the staff directory: a name and roles, nothing more. */
export const StaffDirectoryEntrySchema = z.object({ id: z.uuid(), displayName: z.string(), roles: z.array(RoleSchema) });
export type StaffDirectoryEntry = z.infer<typeof StaffDirectoryEntrySchema>;

export const StaffDirectorySchema = itemsOf(StaffDirectoryEntrySchema);
export type StaffDirectory = z.infer<typeof StaffDirectorySchema>;
