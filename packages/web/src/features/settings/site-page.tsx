import { Alert, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useResource } from '../../api/use-resource';
import { RoomsCard } from './rooms-card';
import { listSites, updateSite, type Site, type SiteInput } from './settings-api';
import { SiteForm } from './site-form';
import { SiteNav } from './site-nav';
import { useRoles } from '../../ui/use-roles';
import { LoadError } from '../../ui/load-error';

/** /settings/sites/:siteId: the site's name, time zone, working days, closed dates, rooms and chairs. */
export function SitePage() {
  const { siteId = '' } = useParams();
  const { state, data, replace } = useResource('sites', listSites, 'The site could not be loaded.');
  const { has } = useRoles();
  const editable = has('admin');
  const site = data?.items.find((s) => s.id === siteId);
  const put = (saved: Site) => {
    if (data !== undefined) replace({ items: data.items.map((s) => (s.id === saved.id ? saved : s)) });
  };

  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={site?.name} tab="site" />
      {state.status === 'loading' && data === undefined && <Loader aria-label="Loading site" />}
      <LoadError state={state} />
      {data !== undefined && site === undefined && <Alert color="gray">There is no site at this address.</Alert>}
      {site !== undefined && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Paper withBorder p="md" radius="md">
            <Title order={4} mb="sm">
              Site
            </Title>
            {!editable && (
              <Text size="sm" c="dimmed" mb="sm">
                Only an administrator changes sites.
              </Text>
            )}
            <SiteForm
              key={site.id}
              initial={{
                name: site.name,
                timeZone: site.timeZone,
                workingDays: site.workingDays,
                closedDates: site.closedDates,
                state: site.state as SiteInput['state'],
              }}
              submitLabel="Save site"
              readOnly={!editable}
              onSubmit={async (v) => {
                put(await updateSite(site.id, v));
              }}
            />
          </Paper>
          <RoomsCard site={site} editable={editable} onSaved={put} />
        </SimpleGrid>
      )}
    </Stack>
  );
}
