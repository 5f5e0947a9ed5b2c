import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { formatInstant, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { roleLabel } from '../sign-in/sign-in-types';
import { ACCESS_REPORT_PAGE, BASIS_WORDS, getAccessReport, type AccessReportEntry } from './emergency-access-api';

/** The most entries the report shows on the page (the API's page limit). */
const MAX_SHOWN = 200;

const BASIS_COLORS: Record<AccessReportEntry['basis'], string> = {
  'care-team': 'gray',
  'site-wide': 'blue',
  assignment: 'teal',
  emergency: 'orange',
  refused: 'red',
};

/**
 * "Who opened this record": one line per person, day and basis, newest first, from the audit
 * trail. For the medical director and the patient's prescriber (the server decides).
 */
export function AccessReportCard({ patientId }: { patientId: string }) {
  const [limit, setLimit] = useState(ACCESS_REPORT_PAGE);
  const report = useResource(
    `access-report:${patientId}:${limit}`,
    () => getAccessReport(patientId, limit),
    'Who opened this record could not be loaded.',
  );
  const items = report.data?.items ?? [];
  const total = report.data?.total ?? 0;
  return (
    <SectionCard title="Who opened this record" testId="access-report">
      <Text size="sm" c="dimmed">
        Everyone who opened or changed this record, or was refused, from the audit trail: when, what they did and why they could.
      </Text>
      <LoadError state={report.state} />
      {report.data !== undefined && items.length === 0 && <NoneRecorded text="Nobody has opened this record yet." />}
      {items.length > 0 && (
        <Table aria-label="Who opened this record" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Who</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>What they did</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={`${e.person.id}|${e.day}|${e.basis}`} data-basis={e.basis}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {e.person.displayName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {e.person.roles.map(roleLabel).join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatInstant(e.firstAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {formatInstant(e.lastAt) === formatInstant(e.firstAt) ? '' : `last at ${formatInstant(e.lastAt)} · `}
                    {e.times} {e.times === 1 ? 'time' : 'times'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.did.join('; ')}</Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Badge color={BASIS_COLORS[e.basis]} variant="light">
                      {BASIS_WORDS[e.basis]}
                    </Badge>
                    {e.emergencyReason !== null && (
                      <Text size="sm" data-testid="access-report-reason">
                        “{e.emergencyReason}”
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {total > items.length && (
        <Group>
          {limit < MAX_SHOWN ? (
            <Button variant="default" size="xs" onClick={() => setLimit((l) => Math.min(l + ACCESS_REPORT_PAGE, MAX_SHOWN))}>
              Show more ({total - items.length} older)
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              The latest {items.length} of {total} are shown.
            </Text>
          )}
        </Group>
      )}
    </SectionCard>
  );
}
