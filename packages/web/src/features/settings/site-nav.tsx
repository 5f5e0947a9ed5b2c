import { Anchor, Group, Tabs, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';

export type SiteTab = 'site' | 'protocol' | 'consent';

/** The header of a site's settings pages: back to all sites, the site's name, and its tabs. */
export function SiteNav({ siteId, siteName, tab }: { siteId: string; siteName: string | undefined; tab: SiteTab }) {
  const navigate = useNavigate();
  const base = `/settings/sites/${siteId}`;
  const paths: Record<SiteTab, string> = { site: base, protocol: `${base}/protocol`, consent: `${base}/consent` };
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
        </Tabs.List>
      </Tabs>
    </>
  );
}
