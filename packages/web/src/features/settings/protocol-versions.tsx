import { Badge, Code, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { formatInstant } from '../../api/use-resource';
import { formatValue, type ProtocolVersion } from './settings-api';

/** Every version, newest first: who, when, why, what changed (old -> new), and its signature. */
export function ProtocolVersions({ versions }: { versions: ProtocolVersion[] }) {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm" data-testid="protocol-versions">
        <Title order={4}>Version history</Title>
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap="sm">
            {sorted.map((v) => (
              <Paper key={v.version} withBorder p="sm" radius="sm" data-testid={`protocol-version-${v.version}`}>
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Text fw={700}>Version {v.version}</Text>
                    <Text size="sm">
                      {formatInstant(v.createdAt)} by {v.createdBy}
                    </Text>
                    <Text size="sm" c="dimmed">
                      Reason: {v.reason === '' ? '—' : v.reason}
                    </Text>
                  </div>
                  {v.signedAt === null ? (
                    <Badge color="yellow" variant="light">
                      not signed
                    </Badge>
                  ) : (
                    <Badge color="teal" variant="light">
                      signed {formatInstant(v.signedAt)} by {v.signedBy ?? '—'}
                    </Badge>
                  )}
                </Group>
                {v.changes.length > 0 && (
                  <Table mt="xs" verticalSpacing={2} aria-label={`Changes in version ${v.version}`}>
                    <Table.Tbody>
                      {v.changes.map((c) => (
                        <Table.Tr key={c.path}>
                          <Table.Td ff="monospace" fz="xs">
                            {c.path}
                          </Table.Td>
                          <Table.Td fz="sm">
                            <Code>{formatValue(c.old)}</Code> → <Code>{formatValue(c.new)}</Code>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Paper>
  );
}
