import type { Role } from '@kairos/api';
import { useSignIn } from '../features/sign-in/sign-in-context';

/** The signed-in user's roles, and a test for any of a few. */
export function useRoles(): { roles: Role[]; has: (...roles: readonly Role[]) => boolean } {
  const { signedIn } = useSignIn();
  const roles = signedIn?.user.roles ?? [];
  return { roles, has: (...wanted: readonly Role[]) => wanted.some((r) => roles.includes(r)) };
}
