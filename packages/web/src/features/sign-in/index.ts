/** The sign-in feature's public surface (the staff cookie session), for the rest of the web app. */
export { LockScreenBoundary } from './lock-screen-boundary';
export { RequireSignIn } from './require-sign-in';
export { SignInProvider, useSignIn, type SignInApi, type SignInState } from './sign-in-context';
export { roleLabel, type SessionUser, type StaffSession } from './sign-in-types';
export { SignInPage } from './sign-in-page';
export { AccountSecurityPage } from './account-security-page';
