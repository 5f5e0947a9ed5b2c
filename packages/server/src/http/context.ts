/**
 * What every route and service gets: configuration, database, clock and logger.
 *
 * @module
 */
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { Database } from '../store/database.js';
import type { Logger } from '../logger.js';
import type { LiveBus } from '../events/live-events.js';
import type { MessagesRuntime } from '../messages/runtime.js';

export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Milliseconds on `clock` when the server started. */
  readonly startedAtMs: number;
  /** Secret written to the data dir's lock file: the local `kairos` command proves itself with it. */
  readonly localAdminToken?: string;
  /** Wakes live-event subscribers (Server-Sent Events) of this instance. */
  readonly bus: LiveBus;
  /** Patient messages: where mail goes, the capture server in demo/test (absent in most tests). */
  readonly messages?: MessagesRuntime;
}

import type { RouteAction } from '../services/access/permissions.js';
import type { SiteScope } from '../services/access/site-scope.js';
export type { RouteAction };

/** Where a route's site id is and what of the site it reads. */
export interface RouteSite {
  in: 'params' | 'query' | 'body';
  key: string;
  scope: SiteScope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action a route needs; every /api and /fhir route must declare one. */
    action?: RouteAction;
    /**
     * A portal route open to a clinic tablet's session (kiosk): `always` (the kiosk's own routes,
     * leaving), `confirmed` (the questionnaires, once the patient confirmed their date of birth).
     * A portal route without it is refused to a kiosk.
     */
    kiosk?: 'always' | 'confirmed';
    /** A route that reads without counting as user activity (polling, live feeds): no idle reset. */
    passive?: boolean;
    /**
     * A live feed of a screen that locks instead of signing out (the Today board, the console, their
     * event stream): the one kind of read a sign-in past its idle timeout may still make, and only
     * when the request says it is that feed (`x-kairos-live-feed: 1`; an event stream by its nature).
     * Every other read and every act needs an active sign-in.
     */
    liveFeed?: boolean;
    /**
     * Served first by the database under overload (store/admission.ts): the routes that store
     * readings, which may raise an alarm, and the live event stream, which carries alarms.
     */
    servedFirst?: boolean;
    /** The media type of a route that answers something other than JSON (a PDF, an event stream, a calendar): it has no response schema. */
    raw?: string;
    /**
     * Where the route names a site (`:id` of /api/sites/:id, a `siteId` in the query or body) and what
     * of it is read: the auth plugin refuses, and audits, a site outside the actor's scope
     * (`services/access/site-scope.ts`) before the handler runs.
     */
    site?: RouteSite;
    /**
     * A route a sign-in may use before its second factor is set up (production) or before it has
     * replaced a password an administrator chose: the session itself, sign-out, keepalive, the
     * enrolment and the password change. Every other route answers 403
     * SECOND_FACTOR_ENROLMENT_REQUIRED or PASSWORD_CHANGE_REQUIRED to such a sign-in.
     */
    enrolment?: boolean;
  }
  interface FastifyInstance {
    readonly ctx: AppContext;
    /** Every route registered, with the action it declares: drives the route-table tests. */
    readonly routeTable: RouteTableEntry[];
  }
}

export interface RouteTableEntry {
  method: string;
  url: string;
  action: RouteAction | undefined;
  hasBody: boolean;
  hasParams: boolean;
  hasQuery: boolean;
  /** The media type of a non-JSON answer (`config.raw`). */
  raw: string | undefined;
  /** Where the route names a site, checked against the actor's sites (`config.site`). */
  site: RouteSite | undefined;
  /** A locked screen's live feed, readable by an idle sign-in (`config.liveFeed`). */
  liveFeed: boolean;
  /** Left out of the API documentation (the local `kairos` command's routes, the docs' own). */
  hidden: boolean;
  /** What is wrong with the route's response schemas (none, any, unknown, loose), or undefined. */
  responseProblem: string | undefined;
}
