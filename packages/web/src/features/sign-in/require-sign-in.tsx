import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { lazyPage } from '../../ui/lazy-page';
import { useSignIn } from './sign-in-context';

// Seen only by a sign-in that must still set up its second factor: fetched then, not with every page.
const SecondFactorRequiredPage = lazyPage(() => import('./account-security-page').then((m) => m.SecondFactorRequiredPage));
const PasswordChangeRequiredPage = lazyPage(() => import('./account-security-page').then((m) => m.PasswordChangeRequiredPage));

/**
 * Renders its children for a signed-in user; otherwise sends them to sign in and back here after. A
 * sign-in that must first set up its second factor sees only that.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { state } = useSignIn();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (state.status === 'signed-out') {
    const here = location.pathname + location.search;
    const to = here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  // A password an administrator chose is replaced first; then (production) a second factor is set up.
  if (state.signedIn.passwordChangeRequired) return <PasswordChangeRequiredPage />;
  // Production: a sign-in without a second factor may do nothing else until it has one.
  if (state.signedIn.secondFactor === 'enrolment-required') return <SecondFactorRequiredPage />;
  return children;
}
