/**
 * Whether a second factor is required, and the key its secrets are sealed with. Production
 * requires one for every staff account (every role but admin sees patient data, and admins manage
 * accounts, so they are held to the same bar); demo and test mode offer it without requiring it.
 *
 * @module
 */
import { DEVELOPMENT_MFA_KEY, type Mode } from '../../config.js';

export interface SecondFactorPolicy {
  /** `KAIROS_MFA_KEY`: seals TOTP secrets at rest. */
  readonly mfaKey: string;
  /** Whether a staff sign-in without a second factor may do nothing but set one up. */
  readonly required: boolean;
}

export function secondFactorPolicy(config: { mode: Mode; mfaKey: string }): SecondFactorPolicy {
  return { mfaKey: config.mfaKey, required: config.mode === 'production' };
}

/** The demo loader's and tests' policy: nothing required (demo users are fresh, with no second factor). */
export const DEMO_SECOND_FACTOR_POLICY: SecondFactorPolicy = { mfaKey: DEVELOPMENT_MFA_KEY, required: false };
