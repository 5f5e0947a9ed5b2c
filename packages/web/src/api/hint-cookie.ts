/**
 * The readable hint cookies the server sets beside its httpOnly session cookies (server/src/http/auth.ts:
 * `kairos_signed_in` for staff, `kairos_portal_in` for the portal). They hold no secret ("1"); the page
 * asks the server for its session only when the hint is there, so a signed-out visit sends no request
 * that can only answer 401 (which the browser logs on the console).
 */

/** Whether the cookie `name` is among `cookies` (document.cookie's format). */
export function hasHintCookie(name: string, cookies: string = document.cookie): boolean {
  return cookies.split(';').some((c) => c.trim().startsWith(`${name}=`));
}

/** Drops the hint once the server said the session is gone, so the next load does not ask again. */
export function forgetHintCookie(name: string): void {
  document.cookie = `${name}=; Max-Age=0; path=/; SameSite=Strict`;
}
