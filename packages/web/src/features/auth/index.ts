/** The auth feature's public surface, for the rest of the web app and later features. */
export { LockScreenBoundary } from './lock-screen-boundary';
export { RequireSession } from './require-session';
export { SessionProvider, useSession, type SessionApi, type SessionState } from './session-context';
export { roleLabel, type SessionUser, type StaffSession } from './session-types';
export { SignInPage } from './sign-in-page';
export { StepUpDialog, type StepUpDialogProps } from './step-up-dialog';
