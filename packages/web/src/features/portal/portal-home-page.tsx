import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useLocation } from 'react-router';
import { useResource } from '../../api/use-resource';
import { getPortalConsent, leavePortal } from './portal-api';
import { PortalCodeForm } from './portal-code-form';
import { PortalConsentView } from './portal-consent';

/** /portal: the patient's consent when the portal session is open; otherwise the code form. */
export function PortalHomePage() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const consent = useResource('portal-consent', getPortalConsent, 'Your consent could not be loaded.');
  const { state, data, reload } = consent;

  if (state.status === 'loading' && data === undefined) return <Loader aria-label="Loading" />;
  if (state.status === 'error' && (state.httpStatus === 401 || state.httpStatus === 403)) {
    return <PortalCodeForm onEntered={reload} {...(notice === undefined ? {} : { notice })} />;
  }
  if (state.status === 'error') {
    return (
      <Stack>
        <Alert color={state.httpStatus === 404 ? 'gray' : 'red'} title={state.httpStatus === 404 ? 'Nothing to sign' : 'Something went wrong'}>
          <Text fz="lg">{state.message}</Text>
        </Alert>
        <Button size="lg" variant="default" onClick={reload}>
          Try again
        </Button>
      </Stack>
    );
  }
  if (data === undefined) return null;
  return (
    <Stack gap="xl">
      <PortalConsentView consent={data} onSigned={() => undefined} />
      <Button
        size="lg"
        variant="default"
        fullWidth
        onClick={() => {
          void leavePortal().then(reload);
        }}
      >
        Finish and close
      </Button>
    </Stack>
  );
}
