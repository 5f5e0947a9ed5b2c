import type { Role } from '@kairos/api';
import { useSession } from '../auth/session-context';

/** The signed-in user's roles, and a test for any of a few. */
export function useRoles(): { roles: Role[]; has: (...roles: readonly Role[]) => boolean } {
  const { session } = useSession();
  const roles = session?.user.roles ?? [];
  return { roles, has: (...wanted: readonly Role[]) => wanted.some((r) => roles.includes(r)) };
}
