/**
 * TOTP (RFC 6238: 6 digits, 30 s steps, SHA-1, the authenticator apps' common setting) through
 * otplib, on the server's clock. A code of the step before or after the current one is accepted
 * (a phone's clock a little off, a code typed as it turned over); `afterTimeStep` refuses a code
 * whose step is not later than the last one accepted, so a code seen over a shoulder cannot be
 * used again (stack-notes.md section 8: otplib 13's `verify` returns `{valid, timeStep}`).
 *
 * @module
 */
// otplib and qrcode are loaded when a second factor is first used, not at the server's start.
const otplib = () => import('otplib');

/** How far (seconds) a code's step may be from now: one 30-second step either side. */
export const TOTP_TOLERANCE_SECONDS = 30;
/** What authenticator apps show as the account's issuer. */
export const TOTP_ISSUER = 'Kairos';

export const isTotpCode = (code: string): boolean => /^[0-9]{6}$/.test(code.replace(/\s/g, ''));

/** A new random secret (base32, 20 bytes: RFC 4226's recommended length). */
export async function newTotpSecret(): Promise<string> {
  return (await otplib()).generateSecret({ length: 20 });
}

/** The `otpauth://` address an authenticator app reads from the QR code. */
export async function totpUri(secret: string, email: string): Promise<string> {
  return (await otplib()).generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The QR code of `uri` as an SVG document. */
export async function qrSvg(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The time step `code` matches at `now`, or undefined when it does not (or is not later than `afterTimeStep`). */
export async function matchTotp(secret: string, code: string, now: Date, afterTimeStep?: number): Promise<number | undefined> {
  const token = code.replace(/\s/g, '');
  if (!isTotpCode(token)) return undefined;
  const result = await (
    await otplib()
  ).verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterTimeStep === undefined ? {} : { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** The code an authenticator shows at `now` (tests, and the demo's scripted users). */
export async function totpCodeAt(secret: string, now: Date): Promise<string> {
  return (await otplib()).generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
