/**
 * Authentication and permissions for every route, before anything else runs: the sign-in cookie,
 * CSRF on every cookie-authenticated change, and the action the route declares against the
 * permission table. Denials are audited.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { recordRefusedRequest } from '../services/access/refusals.js';
import { createUnauthenticatedRefusals } from '../services/access/unauthenticated-refusals.js';
import { findPortalSession, type PortalSessionInfo } from '../services/portal-access/portal-session.js';
import { createDeviceTokenFinder } from '../services/accounts/find-device-token.js';
import { findSignIn } from '../services/sign-in/find-sign-in.js';
import type { SignInInfo } from '../services/sign-in/sign-in.js';
import { touchSignIn } from '../services/sign-in/touch-sign-in.js';
import { DEVICE, NO_USER, PATIENT, type RequestMeta } from '../services/context.js';
import { rolesAllow } from '../services/access/permissions.js';
import { checkSiteInScope } from '../services/access/site-scope.js';

/** The staff sign-in's cookie (its name predates the sign-in's name and stays: browsers hold it). */
export const SIGN_IN_COOKIE = 'kairos_session';
export const PORTAL_COOKIE = 'kairos_portal';
/** Portal changes carry this header: a cross-site form cannot set it. */
export const PORTAL_HEADER = 'x-kairos-portal';
export const LOCAL_TOKEN_HEADER = 'x-kairos-local-token';
export const CSRF_HEADER = 'x-csrf-token';
/** A locked screen's live feed says so with this header (see `liveFeed` in context.ts). */
export const LIVE_FEED_HEADER = 'x-kairos-live-feed';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's sign-in, on every staff route that is not public. */
    signIn?: SignInInfo;
    /** The monitor's device token, on `device` routes. */
    device?: { id: string; siteId: string; name: string; tokenHash: string };
    /** The patient's portal session, on `portal` routes. */
    portal?: PortalSessionInfo;
  }
}

/** The request's id, client address and the time on the server clock. */
export function requestMeta(req: FastifyRequest): RequestMeta {
  return { requestId: req.id, clientAddress: req.ip, now: req.server.ctx.clock.now() };
}

/** The sign-in of an authenticated staff route (the hook guarantees it). */
export function signInOf(req: FastifyRequest): SignInInfo {
  if (req.signIn === undefined) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return req.signIn;
}

/**
 * A cookie the page may read, set and cleared with the sign-in cookie: it holds no secret ("1"),
 * only that a sign-in cookie was given. The page asks `GET /api/session` only when it is there, so
 * a signed-out visit does not log a 401 in the browser's console on every load.
 */
export const SIGNED_IN_HINT_COOKIE = 'kairos_signed_in';

export function setSignInCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const options = {
    path: '/',
    sameSite: 'strict',
    secure: req.server.ctx.config.mode === 'production' ? true : 'auto',
    maxAge: maxAgeSeconds,
  } as const;
  void reply.setCookie(SIGN_IN_COOKIE, token, { ...options, httpOnly: true });
  void reply.setCookie(SIGNED_IN_HINT_COOKIE, '1', { ...options, httpOnly: false });
}

/** The portal's readable hint, set and cleared with the portal cookie (same reason as SIGNED_IN_HINT_COOKIE). */
export const PORTAL_HINT_COOKIE = 'kairos_portal_in';

/** Opens portal access in the browser: the httpOnly session cookie and the readable hint beside it. */
export function setPortalCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const options = {
    path: '/',
    sameSite: 'strict',
    secure: req.server.ctx.config.mode === 'production' ? true : 'auto',
    maxAge: maxAgeSeconds,
  } as const;
  void reply.setCookie(PORTAL_COOKIE, token, { ...options, httpOnly: true });
  void reply.setCookie(PORTAL_HINT_COOKIE, '1', { ...options, httpOnly: false });
}

export function clearPortalCookie(reply: FastifyReply): void {
  void reply.clearCookie(PORTAL_COOKIE, { path: '/' });
  void reply.clearCookie(PORTAL_HINT_COOKIE, { path: '/' });
}

export function portalOf(req: FastifyRequest): PortalSessionInfo {
  if (req.portal === undefined) throw new AppError('UNAUTHENTICATED', 'Open the link or enter the code the clinic gave you.');
  return req.portal;
}

export function clearSignInCookie(reply: FastifyReply): void {
  void reply.clearCookie(SIGN_IN_COOKIE, { path: '/' });
  void reply.clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/' });
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifyCookie);
  // Refusals before anyone is authenticated: the first of a minute in full, the rest counted.
  const unauthenticated = createUnauthenticatedRefusals(app.ctx.database.db);
  const flushTimer = setInterval(() => void unauthenticated.flush(app.ctx.clock.now()).catch(() => undefined), 60_000);
  flushTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(flushTimer);
    await unauthenticated.flush('all');
  });
  const findDeviceToken = createDeviceTokenFinder(() => app.ctx.database.db);
  app.addHook('onRequest', async (req) => {
    const action = req.routeOptions.config?.action;
    if (action === undefined || action === 'public') return;
    const { database } = app.ctx;
    const meta = requestMeta(req);
    if (action === 'local-admin') {
      const given = req.headers[LOCAL_TOKEN_HEADER];
      const expected = app.ctx.localAdminToken;
      if (
        typeof given === 'string' &&
        expected !== undefined &&
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      )
        return;
      await unauthenticated.record({ ...meta, actor: NO_USER }, 'local-admin', { route: req.routeOptions.url, reason: 'no local secret' });
      throw new AppError('FORBIDDEN', 'Only the kairos command on this machine may do this.');
    }
    if (action === 'device') {
      const header = req.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const device = token === undefined ? undefined : await findDeviceToken(token);
      if (device === undefined) {
        await unauthenticated.record({ ...meta, actor: DEVICE }, 'device', {
          route: req.routeOptions.url,
          reason: token === undefined ? 'no token' : 'unknown or revoked token',
        });
        throw new AppError('UNAUTHENTICATED', 'a valid device token is required (Authorization: Bearer …); it may have been revoked');
      }
      req.device = device;
      return;
    }
    if (action === 'portal') {
      const portalToken = req.cookies[PORTAL_COOKIE];
      const portal = portalToken === undefined ? undefined : await findPortalSession(database.db, portalToken, meta.now);
      if (portal === undefined) throw new AppError('UNAUTHENTICATED', 'Open the link or enter the code the clinic gave you.');
      if (!SAFE_METHODS.has(req.method) && req.headers[PORTAL_HEADER] !== '1')
        throw new AppError('CSRF_FAILED', `a portal change needs the ${PORTAL_HEADER} header`);
      // A clinic tablet (kiosk) reaches the kiosk's own routes, and the questionnaires once the
      // patient confirmed their date of birth; nothing else of the portal.
      if (portal.kiosk !== null) {
        const open = req.routeOptions.config.kiosk;
        if (open !== 'always' && !(open === 'confirmed' && portal.kiosk.confirmed)) {
          await recordRefusedRequest(database.db, { ...meta, actor: PATIENT }, 'portal:kiosk', {
            route: req.routeOptions.url,
            method: req.method,
            reason: open === 'confirmed' ? 'date of birth not confirmed' : 'not open on a clinic tablet',
          });
          throw new AppError(
            'FORBIDDEN',
            open === 'confirmed'
              ? 'Confirm your date of birth first.'
              : 'On the clinic tablet only the questionnaires can be answered. Use your own portal link for the rest.',
          );
        }
      }
      req.portal = portal;
      return;
    }
    const token = req.cookies[SIGN_IN_COOKIE];
    const safe = SAFE_METHODS.has(req.method);
    const passive = req.routeOptions.config.passive === true && safe;
    const liveFeed =
      req.routeOptions.config.liveFeed === true &&
      safe &&
      (req.headers[LIVE_FEED_HEADER] === '1' || req.routeOptions.config.raw === 'text/event-stream');
    const signIn = token === undefined ? undefined : await findSignIn(database.db, token, meta.now, { allowIdle: liveFeed });
    if (signIn === undefined) {
      await unauthenticated.record({ ...meta, actor: NO_USER }, 'auth.unauthenticated', {
        route: req.routeOptions.url,
        reason: token === undefined ? 'no sign-in' : 'sign-in expired or unknown',
      });
      throw new AppError('UNAUTHENTICATED', 'Sign in to continue: no session, or it has expired.');
    }
    const { actor } = signIn;
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== signIn.csrfToken) {
      await recordRefusedRequest(database.db, { ...meta, actor }, `${action}:csrf`, { route: req.routeOptions.url, method: req.method });
      throw new AppError('CSRF_FAILED', `A change needs the ${CSRF_HEADER} header of the session; reload the page and try again.`);
    }
    if (!rolesAllow(actor.roles, action)) {
      await recordRefusedRequest(database.db, { ...meta, actor }, action, {
        route: req.routeOptions.url,
        method: req.method,
        reason: 'role',
      });
      throw new AppError('FORBIDDEN', `Your role does not allow this (${action}).`, { action });
    }
    if (signIn.secondFactor === 'enrolment-required' && req.routeOptions.config.enrolment !== true) {
      await recordRefusedRequest(database.db, { ...meta, actor }, `${action}:second-factor`, {
        route: req.routeOptions.url,
        method: req.method,
        reason: 'second factor not set up',
      });
      throw new AppError(
        'SECOND_FACTOR_ENROLMENT_REQUIRED',
        'Set up your second factor (an authenticator app) first: this clinic requires one before anything else.',
      );
    }
    if (signIn.passwordChangeRequired && req.routeOptions.config.enrolment !== true) {
      await recordRefusedRequest(database.db, { ...meta, actor }, `${action}:password-change`, {
        route: req.routeOptions.url,
        method: req.method,
        reason: 'temporary password not changed',
      });
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose a new password first: an administrator set the one you signed in with.');
    }
    req.signIn = passive || liveFeed ? signIn : await touchSignIn(database.db, signIn, meta.now);
  });
  // After validation (the id is a well-formed uuid by then): a route that names a site reads it only in the actor's scope.
  app.addHook('preHandler', async (req) => {
    const site = req.routeOptions.config?.site;
    if (site === undefined || req.signIn === undefined) return;
    const value = (req[site.in] as Record<string, unknown> | undefined)?.[site.key];
    if (typeof value !== 'string') return;
    await checkSiteInScope(
      app.ctx.database.db,
      req.signIn.actor,
      value,
      requestMeta(req),
      req.routeOptions.config.action ?? 'site',
      site.scope,
    );
  });
});
