/**
 * The staff sign-in (the cookie session of GET /api/session): who is signed in, what they may open,
 * and when the sign-in ends. Loads GET /api/session once, follows every API answer (activity
 * extends the idle expiry; a 401 means the server has ended the sign-in), and at idle or absolute
 * expiry either signs out (with a message for the sign-in page) or, while a LockScreenBoundary is
 * on screen, locks instead.
 */
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, apiFetch, apiSend, onApiEvent, setCsrfToken } from '../../api/client';
import { setDisplayTimeZone } from '../../api/use-resource';
import { afterActivity, deadlinesFrom, forgetSignedInHint, mayBeSignedIn, type SignInDeadlines } from './sign-in-clock';
import type { SessionKeepalive, SignInBody, StaffSession } from '@kairos/api';

export type SignInState =
  | { status: 'loading' }
  | { status: 'signed-out'; message?: string }
  | { status: 'signed-in'; signedIn: StaffSession; deadlines: SignInDeadlines; locked: boolean };

export interface SignInApi {
  state: SignInState;
  /** The signed-in user's sign-in (user, sections, expiries), or undefined. */
  signedIn: StaffSession | undefined;
  /** Signs in; `code` is the second factor, once the server asks for it (SECOND_FACTOR_REQUIRED). */
  signIn: (email: string, password: string, code?: string) => Promise<StaffSession>;
  /** Reads the sign-in again (after its second factor changed). */
  refresh: () => Promise<void>;
  /** Signs out on the server; `message` is shown on the sign-in page. */
  signOut: (message?: string) => Promise<void>;
  /** Extends the idle expiry now ("Stay signed in"). */
  keepAlive: () => Promise<void>;
  /** Unlocks a locked screen with the signed-in user's password (and second-factor code when asked). */
  unlock: (password: string, code?: string) => Promise<void>;
  /** Called by a LockScreenBoundary while mounted: expiry then locks instead of signing out. */
  registerLockBoundary: () => () => void;
  /** True while at least one LockScreenBoundary is on screen. */
  lockable: boolean;
}

const SignInContext = createContext<SignInApi | undefined>(undefined);

/** Paths whose answers say nothing about the sign-in (public, or password checks). */
const NOT_SIGN_IN_ACTIVITY = ['/api/health', '/api/demo-info', '/api/step-up'];
const IDLE_MESSAGE = 'You were signed out after a period without activity. Sign in again to continue.';
const ENDED_MESSAGE = 'Your session has ended. Sign in again to continue.';
const LIMIT_MESSAGE = 'Your session reached its time limit. Sign in again to continue.';

function signedInState(signedIn: StaffSession, locked = false): SignInState {
  setCsrfToken(signedIn.csrfToken);
  setDisplayTimeZone(signedIn.site?.timeZone);
  return { status: 'signed-in', signedIn, deadlines: deadlinesFrom(signedIn, Date.now()), locked };
}

export function SignInProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SignInState>({ status: 'loading' });
  const [lockBoundaries, setLockBoundaries] = useState(0);
  const lockable = lockBoundaries > 0;
  const lockableRef = useRef(lockable);
  lockableRef.current = lockable;

  const signedInRef = useRef(false);
  signedInRef.current = state.status === 'signed-in';

  const endSignIn = useCallback((message: string) => {
    if (!signedInRef.current) return;
    // At expiry: lock when a screen must stay in view, else sign out.
    if (lockableRef.current) {
      setState((s) => (s.status === 'signed-in' && !s.locked ? { ...s, locked: true } : s));
      return;
    }
    // Sent while the CSRF token is still set (apiFetch reads it before its first await).
    void apiSend('DELETE', '/api/session').catch(() => undefined);
    setCsrfToken(undefined);
    setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', message } : s));
  }, []);

  useEffect(() => {
    let cancelled = false;
    // Without the server's hint no sign-in cookie was given: signed out, without a request that
    // would log a 401 in the console on every load.
    if (!mayBeSignedIn()) {
      setState({ status: 'signed-out' });
      return;
    }
    apiFetch<StaffSession>('/api/session').then(
      (signedIn) => !cancelled && setState(signedInState(signedIn)),
      () => {
        forgetSignedInHint();
        if (!cancelled) setState({ status: 'signed-out' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  // Every answered request: activity extends the idle deadline; a 401 means the sign-in is gone.
  useEffect(
    () =>
      onApiEvent(({ method, path, status }) => {
        if (NOT_SIGN_IN_ACTIVITY.some((p) => path.startsWith(p))) return;
        // Live boards read these (Today's dosing sessions, streams, risk tasks, questionnaires due); reading
        // them is not activity (the server's routes are passive too).
        if (
          method === 'GET' &&
          (path.startsWith('/api/sessions') ||
            path.startsWith('/api/events') ||
            path.startsWith('/api/tasks') ||
            /^\/api\/sites\/[^/]+\/measurement-tasks/.test(path))
        )
          return;
        const isSignInCall =
          (path === '/api/session' || path.startsWith('/api/session?') || path.startsWith('/api/session/')) &&
          !path.startsWith('/api/session/keepalive');
        if (status === 401 && !isSignInCall) {
          endSignIn(ENDED_MESSAGE);
        } else if (status < 400 && !(isSignInCall && method !== 'GET')) {
          setState((s) => (s.status === 'signed-in' && !s.locked ? { ...s, deadlines: afterActivity(s.deadlines, Date.now()) } : s));
        }
      }),
    [endSignIn],
  );

  // A timer at the end of the sign-in (re-armed whenever the deadlines move).
  const deadlines = state.status === 'signed-in' && !state.locked ? state.deadlines : undefined;
  const idleMs = deadlines?.idleMs;
  const absoluteMs = deadlines?.absoluteMs;
  useEffect(() => {
    if (idleMs === undefined || absoluteMs === undefined) return;
    const end = Math.min(idleMs, absoluteMs);
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const left = end - Date.now();
      if (left <= 0) endSignIn(absoluteMs <= idleMs ? LIMIT_MESSAGE : IDLE_MESSAGE);
      else timer = setTimeout(check, Math.min(left, 60_000));
    };
    check();
    // A sleeping laptop or a background tab delays timers: check again when the page shows.
    document.addEventListener('visibilitychange', check);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [idleMs, absoluteMs, endSignIn]);

  // A locked screen that leaves the page (no boundary any more) signs out.
  useEffect(() => {
    if (!lockable && state.status === 'signed-in' && state.locked) endSignIn(IDLE_MESSAGE);
  }, [lockable, state, endSignIn]);

  const signIn = useCallback(async (email: string, password: string, code?: string) => {
    const signedIn = await apiSend<StaffSession>('POST', '/api/session', {
      email,
      password,
      ...(code === undefined ? {} : { code }),
    } satisfies SignInBody);
    setState(signedInState(signedIn));
    return signedIn;
  }, []);

  const refresh = useCallback(async () => {
    const signedIn = await apiFetch<StaffSession>('/api/session');
    setState(signedInState(signedIn));
  }, []);

  const signOut = useCallback(async (message?: string) => {
    try {
      await apiSend('DELETE', '/api/session');
    } catch (e) {
      // Already gone on the server (401) is fine; anything else still signs out here.
      if (!(e instanceof ApiError)) throw e;
    } finally {
      setCsrfToken(undefined);
      setState(message === undefined ? { status: 'signed-out' } : { status: 'signed-out', message });
    }
  }, []);

  const keepAlive = useCallback(async () => {
    // The answer counts as activity (onApiEvent above moves the deadline).
    await apiSend<SessionKeepalive>('POST', '/api/session/keepalive');
  }, []);

  const email = state.status === 'signed-in' ? state.signedIn.user.email : undefined;
  const unlock = useCallback(
    async (password: string, code?: string) => {
      if (email === undefined) throw new Error('no sign-in to unlock');
      const signedIn = await apiSend<StaffSession>('POST', '/api/session', {
        email,
        password,
        ...(code === undefined ? {} : { code }),
      } satisfies SignInBody);
      setState(signedInState(signedIn));
    },
    [email],
  );

  const registerLockBoundary = useCallback(() => {
    setLockBoundaries((n) => n + 1);
    return () => setLockBoundaries((n) => n - 1);
  }, []);

  const value = useMemo<SignInApi>(
    () => ({
      state,
      signedIn: state.status === 'signed-in' ? state.signedIn : undefined,
      signIn,
      refresh,
      signOut,
      keepAlive,
      unlock,
      registerLockBoundary,
      lockable,
    }),
    [state, signIn, refresh, signOut, keepAlive, unlock, registerLockBoundary, lockable],
  );
  return <SignInContext value={value}>{children}</SignInContext>;
}

export function useSignIn(): SignInApi {
  const api = use(SignInContext);
  if (api === undefined) throw new Error('useSignIn needs a <SignInProvider> above it');
  return api;
}
