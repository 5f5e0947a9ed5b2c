import { Alert, Badge, Button, Code, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { ProposeChangeForm } from './propose-change-form';
import { ProtocolParamsTable } from './protocol-params-table';
import { ProtocolVersions } from './protocol-versions';
import { formatValue, getDosingCheck, getProtocol, listSites, signProtocolVersion } from './settings-api';
import { SiteNav } from './site-nav';
import { useRoles } from '../../ui/use-roles';
import { useSignIn } from '../sign-in/sign-in-context';
import { LoadError } from '../../ui/load-error';

/** /settings/sites/:siteId/protocol: every value with provenance and review state; versions; propose; sign. */
export function ProtocolPage() {
  const { siteId = '' } = useParams();
  const { has } = useRoles();
  const { refresh } = useSignIn();
  const protocol = useResource(`protocol:${siteId}`, () => getProtocol(siteId), 'The protocol could not be loaded.');
  const dosing = useResource(`dosing:${siteId}`, () => getDosingCheck(siteId));
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
      <LoadError state={protocol.state} />
      {p !== undefined && (
        <>
          <Paper withBorder p="md" radius="md" data-testid="protocol-current">
            <Stack gap={4}>
              <Group gap="sm">
                <Title order={4}>In force: version {p.inForce.version}</Title>
                {p.inForce.signed ? (
                  <Badge color="teal">
                    signed {formatInstant(p.inForce.signedAt ?? '')} by {p.inForce.signedBy}
                  </Badge>
                ) : (
                  <Badge color="red">no version signed yet: dosing is refused</Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                Created {formatInstant(p.inForce.createdAt)} by {p.inForce.createdBy}: {p.inForce.reason}
              </Text>
              {dosing.data !== undefined && (
                <Text size="sm" c={dosing.data.allowed ? 'teal' : 'red'} data-testid="dosing-check">
                  Dosing at this site: {dosing.data.message}
                </Text>
              )}
              <Text size="sm">
                Every threshold, dose and schedule below is the version in force. A proposed change counts only once a medical director
                signs it.
              </Text>
            </Stack>
          </Paper>
          {p.proposal !== null && (
            <Paper withBorder p="md" radius="md" data-testid="protocol-proposal" bg="yellow.0">
              <Group justify="space-between" align="flex-start">
                <Stack gap={4}>
                  <Group gap="sm">
                    <Title order={4}>Proposed: version {p.proposal.version}</Title>
                    <Badge color="yellow">not in force until signed</Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    Proposed {formatInstant(p.proposal.createdAt)} by {p.proposal.createdBy}: {p.proposal.reason}
                  </Text>
                  {p.proposal.changes.length > 0 ? (
                    <Stack gap={2} data-testid="proposal-changes">
                      {p.proposal.changes.map((c) => (
                        <Text key={c.path} size="sm">
                          <Code>{c.path}</Code>: <Code>{formatValue(c.old)}</Code> → <Code>{formatValue(c.new)}</Code>
                        </Text>
                      ))}
                    </Stack>
                  ) : (
                    <Text size="sm">The shipped defaults, as listed below, for a medical director to review and sign.</Text>
                  )}
                </Stack>
                {has('medical-director') && (
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
          )}
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
            title={`Sign protocol version ${p.proposal?.version ?? p.current.version}`}
            description="By signing you confirm, as medical director, that you reviewed every value of this version, including each site default."
            onVerified={(token) => {
              setSigning(false);
              setSignError(undefined);
              signProtocolVersion(siteId, p.proposal?.version ?? p.current.version, token).then(
                () => {
                  reload();
                  // The header's protocol badge follows the version now in force.
                  void refresh().catch(() => undefined);
                },
                (e: unknown) => setSignError(errorText(e, 'Signing failed.')),
              );
            }}
          />
        </>
      )}
    </Stack>
  );
}
