import { Anchor, Group, Tabs, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useRoles } from '../../ui/use-roles';
import { useSignIn } from '../sign-in/sign-in-context';

export type SiteTab = 'site' | 'protocol' | 'consent' | 'devices' | 'content' | 'exports' | 'billing' | 'credentials';

/** The header of a site's settings pages: back to all sites, the site's name, and its tabs. */
export function SiteNav({ siteId, siteName, tab }: { siteId: string; siteName: string | undefined; tab: SiteTab }) {
  const navigate = useNavigate();
  const { has } = useRoles();
  const { signedIn } = useSignIn();
  // A coordinator holds no Settings section: of a site's pages, they open its billing only.
  const settings = signedIn?.sections.includes('settings') === true || has('prescriber');
  const base = `/settings/sites/${siteId}`;
  const paths: Record<SiteTab, string> = {
    site: base,
    protocol: `${base}/protocol`,
    consent: `${base}/consent`,
    devices: `${base}/devices`,
    content: `${base}/content`,
    exports: `${base}/fhir-exports`,
    billing: `${base}/billing`,
    credentials: `${base}/credentials`,
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
          {settings && <Tabs.Tab value="site">Site, rooms and chairs</Tabs.Tab>}
          {settings && <Tabs.Tab value="protocol">Protocol</Tabs.Tab>}
          {settings && <Tabs.Tab value="consent">Consent documents</Tabs.Tab>}
          {has('admin', 'medical-director') && <Tabs.Tab value="content">Patient content</Tabs.Tab>}
          {has('admin') && <Tabs.Tab value="devices">Devices</Tabs.Tab>}
          {has('medical-director') && <Tabs.Tab value="exports">FHIR exports</Tabs.Tab>}
          {has('admin', 'coordinator') && <Tabs.Tab value="billing">Billing</Tabs.Tab>}
          {has('admin', 'medical-director') && <Tabs.Tab value="credentials">Staff credentials</Tabs.Tab>}
        </Tabs.List>
      </Tabs>
    </>
  );
}
