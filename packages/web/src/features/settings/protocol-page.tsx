import { Alert, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { apiFetch } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { StepUpDialog } from '../auth/step-up-dialog';
import { ProposeChangeForm } from './propose-change-form';
import { ProtocolParamsTable } from './protocol-params-table';
import { ProtocolVersions } from './protocol-versions';
import { getProtocol, listSites, signProtocolVersion } from './settings-api';
import { SiteNav } from './site-nav';
import { useRoles } from './use-roles';

interface DosingCheck {
  allowed: boolean;
  mode: string;
  version: number;
  signed: boolean;
  message: string;
}

/** /settings/sites/:siteId/protocol: every value with provenance and review state; versions; propose; sign. */
export function ProtocolPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const protocol = useResource(`protocol:${siteId}`, () => getProtocol(siteId), 'The protocol could not be loaded.');
  const dosing = useResource(`dosing:${siteId}`, () => apiFetch<DosingCheck>(`/api/sites/${encodeURIComponent(siteId)}/protocol/dosing-check`));
  const sites = useResource('sites', listSites);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<string>();
  const siteName = sites.data?.items.find((s) => s.id === siteId)?.name;
  const p = protocol.data;
  const reload = () => {
    protocol.reload();
    dosing.reload();
  };

  return (
    <Stack>
      <SiteNav siteId={siteId} siteName={siteName} tab="protocol" />
      {protocol.state.status === 'loading' && p === undefined && <Loader aria-label="Loading protocol" />}
      {protocol.state.status === 'error' && <Alert color="red">{protocol.state.message}</Alert>}
      {p !== undefined && (
        <>
          <Paper withBorder p="md" radius="md" data-testid="protocol-current">
            <Group justify="space-between" align="flex-start">
              <Stack gap={4}>
                <Group gap="sm">
                  <Title order={4}>Version {p.current.version}</Title>
                  {p.current.signedAt === null ? (
                    <Badge color="yellow">not signed: site defaults need review</Badge>
                  ) : (
                    <Badge color="teal">
                      signed {formatInstant(p.current.signedAt)} by {p.current.signedBy}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  Created {formatInstant(p.current.createdAt)} by {p.current.createdBy}: {p.current.reason}
                </Text>
                {dosing.data !== undefined && (
                  <Text size="sm" c={dosing.data.allowed ? 'teal' : 'red'} data-testid="dosing-check">
                    Dosing at this site: {dosing.data.message}
                  </Text>
                )}
              </Stack>
              {has('medical-director') && p.current.signedAt === null && (
                <Button onClick={() => setSigning(true)} color="teal">
                  Sign this version
                </Button>
              )}
            </Group>
            {signError !== undefined && (
              <Alert color="red" mt="sm" role="alert">
                {signError}
              </Alert>
            )}
          </Paper>
          <SimpleGrid cols={{ base: 1, lg: has('medical-director', 'prescriber') ? 2 : 1 }}>
            {has('medical-director', 'prescriber') && <ProposeChangeForm siteId={siteId} params={p.params} onProposed={reload} />}
            <ProtocolVersions versions={p.versions} />
          </SimpleGrid>
          <ProtocolParamsTable params={p.params} />
          <StepUpDialog
            opened={signing}
            onClose={() => setSigning(false)}
            purpose="protocol.sign"
            who="self"
            title={`Sign protocol version ${p.current.version}`}
            description="By signing you confirm, as medical director, that you reviewed every value of this version, including each site default."
            onVerified={(token) => {
              setSigning(false);
              setSignError(undefined);
              signProtocolVersion(siteId, p.current.version, token).then(reload, (e: unknown) => setSignError(errorText(e, 'Signing failed.')));
            }}
          />
        </>
      )}
    </Stack>
  );
}
