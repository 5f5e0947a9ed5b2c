import { Anchor, Group, Tabs, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useRoles } from '../../ui/use-roles';

export type SiteTab = 'site' | 'protocol' | 'consent' | 'devices' | 'content' | 'exports';

/** The header of a site's settings pages: back to all sites, the site's name, and its tabs. */
export function SiteNav({ siteId, siteName, tab }: { siteId: string; siteName: string | undefined; tab: SiteTab }) {
  const navigate = useNavigate();
  const { has } = useRoles();
  const base = `/settings/sites/${siteId}`;
  const paths: Record<SiteTab, string> = {
    site: base,
    protocol: `${base}/protocol`,
    consent: `${base}/consent`,
    devices: `${base}/devices`,
    content: `${base}/content`,
    exports: `${base}/fhir-exports`,
  };
  return (
    <>
      <Anchor component={Link} to="/settings" size="sm">
        ← All sites
      </Anchor>
      <Group>
        <Title order={2}>{siteName ?? 'Site'}</Title>
      </Group>
      <Tabs value={tab} onChange={(t) => t !== null && void navigate(paths[t as SiteTab])}>
        <Tabs.List>
          <Tabs.Tab value="site">Site, rooms and chairs</Tabs.Tab>
          <Tabs.Tab value="protocol">Protocol</Tabs.Tab>
          <Tabs.Tab value="consent">Consent documents</Tabs.Tab>
          {has('admin', 'medical-director') && <Tabs.Tab value="content">Patient content</Tabs.Tab>}
          {has('admin') && <Tabs.Tab value="devices">Devices</Tabs.Tab>}
          {has('medical-director') && <Tabs.Tab value="exports">FHIR exports</Tabs.Tab>}
        </Tabs.List>
      </Tabs>
    </>
  );
}
