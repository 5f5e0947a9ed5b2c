import { Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/use-resource';
import { openPortalAccess } from './portal-access-api';

/** /portal/enter?token=…: opens the portal with the link's single-use token, then shows the consent. */
export function PortalAccessLinkPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const sent = useRef<string>(undefined);

  useEffect(() => {
    // Single use: send it once, even when the effect runs twice.
    if (token === '' || sent.current === token) return;
    sent.current = token;
    openPortalAccess({ token }).then(
      () => navigate('/portal', { replace: true }),
      (e: unknown) =>
        navigate('/portal', {
          replace: true,
          state: { notice: errorText(e, 'This link did not work: enter the code from the clinic, or ask the clinic for a new one.') },
        }),
    );
  }, [token, navigate]);

  if (token === '') return <Navigate to="/portal" replace />;
  return (
    <Stack align="center" py="xl">
      <Loader size="lg" aria-label="Opening" />
      <Text fz="lg">Opening your page…</Text>
    </Stack>
  );
}
