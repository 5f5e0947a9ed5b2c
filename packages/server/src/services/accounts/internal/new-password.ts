/**
 * A password an administrator sets through the API: the password policy's problems as a 400 naming
 * the body's field, then the hash (never the password) for the account.
 *
 * @module
 */
import { AppError } from '../../../errors.js';
import { checkPasswordPolicy, hashPassword } from '../passwords.js';

/** Refuses a password that breaks the policy (naming `body.password`), else hashes it. */
export async function hashNewPassword(password: string, email: string): Promise<string> {
  const problems = checkPasswordPolicy(password, { email });
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', `password: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ field: 'body.password', message })),
    });
  return hashPassword(password);
}
