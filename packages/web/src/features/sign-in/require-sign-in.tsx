import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSignIn } from './sign-in-context';

/** Renders its children for a signed-in user; otherwise sends them to sign in and back here after. */
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
  return children;
}
