import { useSession } from '../auth/session-context';

/** The signed-in user's roles, and a test for any of a few. */
export function useRoles(): { roles: string[]; has(...roles: string[]): boolean } {
  const { session } = useSession();
  const roles = session?.user.roles ?? [];
  return { roles, has: (...wanted: string[]) => wanted.some((r) => roles.includes(r)) };
}
