/**
 * The key an email is looked up and counted by (accounts, sign-in attempts, lockout): trimmed and
 * lower-cased, so `Nurse@Demo.test ` and `nurse@demo.test` are one account.
 *
 * @module
 */

export const emailKey = (email: string): string => email.trim().toLowerCase();
