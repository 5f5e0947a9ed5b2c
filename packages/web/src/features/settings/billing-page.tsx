import { Alert, Loader, Stack } from '@mantine/core';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { useRoles } from '../../ui/use-roles';
import { getBillingSettings } from './billing-api';
import { BillingIdentityForm } from './billing-identity-form';
import { FeeScheduleCard } from './fee-schedule-card';
import { listSites } from './settings-api';
import { SiteNav } from './site-nav';

/**
 * /settings/sites/:siteId/billing (administrators and coordinators): the clinic's billing identity
 * as its superbills print it, and its fee schedule, seeded with the codes Kairos proposes (each fee
 * left for the clinic to set; the codes are defaults for the clinic's coder to review).
 */
export function BillingPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const sites = useResource('sites', listSites);
  const siteName = sites.data?.items.find((s) => s.id === siteId)?.name;
  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={siteName} tab="billing" />
      {has('admin', 'coordinator') ? (
        <Billing siteId={siteId} />
      ) : (
        <Alert color="yellow" title="Administrators and coordinators only" data-testid="billing-refused">
          The clinic’s billing identity and fee schedule are set by an administrator or the coordinator who does the billing.
        </Alert>
      )}
    </Stack>
  );
}

function Billing({ siteId }: { siteId: string }) {
  const load = useCallback(() => getBillingSettings(siteId), [siteId]);
  const billing = useResource(`billing-settings:${siteId}`, load, 'The billing settings could not be loaded.');
  return (
    <>
      {billing.state.status === 'loading' && billing.data === undefined && <Loader aria-label="Loading billing settings" />}
      <LoadError state={billing.state} />
      {billing.data !== undefined && (
        <>
          <BillingIdentityForm
            key={siteId}
            siteId={siteId}
            identity={billing.data.identity}
            onSaved={(identity) => {
              if (billing.data !== undefined) billing.replace({ ...billing.data, identity });
            }}
          />
          <FeeScheduleCard
            siteId={siteId}
            fees={billing.data.fees}
            provenance={billing.data.provenance}
            onChanged={() => billing.reload()}
          />
        </>
      )}
    </>
  );
}
