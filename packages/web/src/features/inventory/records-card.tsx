import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import {
  STOCK_COUNT_RECORD_KIND_LABELS,
  STOCK_RECORDS_CSV_KINDS,
  STOCK_RECORD_KIND_LABELS,
  STOCK_RECORDS_LIMITS,
  type StockRecordsCsvKind,
} from '@kairos/api';
import { isIsoDate, wholeYearsBetweenIsoDates } from '@kairos/core';
import { useState } from 'react';
import { SectionCard } from '../../ui/section-card';

const LABELS: Readonly<Record<StockRecordsCsvKind, string>> = { ...STOCK_RECORD_KIND_LABELS, ...STOCK_COUNT_RECORD_KIND_LABELS };

/** The URL of the site's records of `from` to `to`: one kind as CSV, or every kind as one PDF (docs/api-inventory.md). */
export function stockRecordsHref(
  siteId: string,
  range: { from: string; to: string },
  format: 'csv' | 'pdf',
  kind?: StockRecordsCsvKind,
): string {
  const query = new URLSearchParams({ from: range.from, to: range.to, ...(format === 'csv' && kind !== undefined ? { kind } : {}) });
  return `/api/sites/${encodeURIComponent(siteId)}/stock/records.${format}?${query.toString()}`;
}

/** What is wrong with the range, in words (the server refuses the same); undefined when it may be downloaded. */
function rangeProblem(from: string, to: string): { field: 'from' | 'to'; message: string } | undefined {
  if (!isIsoDate(from)) return { field: 'from', message: 'Choose a date' };
  if (!isIsoDate(to)) return { field: 'to', message: 'Choose a date' };
  if (to < from) return { field: 'to', message: 'Before “From”' };
  if (wholeYearsBetweenIsoDates(from, to) >= STOCK_RECORDS_LIMITS.maxYears)
    return { field: 'to', message: `At most ${STOCK_RECORDS_LIMITS.maxYears} years after “From”` };
  return undefined;
}

/**
 * The Inventory page's "Records" card (issue 23, Must 7): a range of days at the site and the
 * downloads of its ketamine records, each kind as CSV and all of them as one PDF, with the site's DEA
 * registration. The server audits every download.
 */
export function RecordsCard({ siteId, today }: { siteId: string; today: string }) {
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const problem = rangeProblem(from, to);
  const link = (label: string, format: 'csv' | 'pdf', kind?: StockRecordsCsvKind) => (
    <Button
      key={`${format}-${kind ?? 'all'}`}
      component="a"
      variant="default"
      size="xs"
      download
      {...(problem === undefined ? { href: stockRecordsHref(siteId, { from, to }, format, kind) } : {})}
      disabled={problem !== undefined}
      aria-label={`Download ${format.toUpperCase()}: ${label}`}
      data-testid={`stock-records-${format}${kind === undefined ? '' : `-${kind}`}`}
    >
      {label}
    </Button>
  );
  return (
    <SectionCard title="Records" testId="stock-records">
      <Text size="sm" c="dimmed">
        Every administration, receipt and disposal of the days chosen (at the site), and the counts with their discrepancies, with the
        site’s DEA registration, as the DEA asks them kept. Each download is recorded in the audit trail.
      </Text>
      <Group align="flex-start" gap="sm">
        <TextInput
          type="date"
          label="From"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          error={problem?.field === 'from' ? problem.message : undefined}
          w={170}
        />
        <TextInput
          type="date"
          label="To"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={problem?.field === 'to' ? problem.message : undefined}
          w={170}
        />
      </Group>
      <Stack gap={6}>
        <Group gap="xs">
          <Text size="sm" fw={500} w={110}>
            Download CSV
          </Text>
          {STOCK_RECORDS_CSV_KINDS.map((kind) => link(LABELS[kind], 'csv', kind))}
        </Group>
        <Group gap="xs">
          <Text size="sm" fw={500} w={110}>
            Download PDF
          </Text>
          {link('All records', 'pdf')}
        </Group>
      </Stack>
    </SectionCard>
  );
}
