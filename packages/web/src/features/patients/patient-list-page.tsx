import { Anchor, Badge, Button, Group, Loader, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { NewPatientModal } from './new-patient-modal';
import { PAGE_SIZE, patientName, type PatientSummary } from './patients-api';
import { usePatientSearch } from './use-patient-search';
import { LoadError } from '../../ui/load-error';

/** /patients: search by name, MRN or date of birth; the list holds only patients this user may see. */
export function PatientListPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, 300);
  const [creating, setCreating] = useState(false);
  const result = usePatientSearch(q, page);

  // The search box drives the address (?q=), so back and reload keep the search.
  useEffect(() => {
    if (debounced.trim() === q) return;
    setParams(debounced.trim() === '' ? {} : { q: debounced.trim() }, { replace: true });
  }, [debounced, q, setParams]);

  const shown = result.status === 'done' ? result : result.status === 'loading' ? result.previous : undefined;
  const pages = shown === undefined ? 1 : Math.max(1, Math.ceil(shown.total / PAGE_SIZE));
  const goTo = (p: number) => setParams(q === '' ? { page: String(p) } : { q, page: String(p) });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Patients</Title>
        <Button onClick={() => setCreating(true)}>New patient</Button>
      </Group>
      <TextInput
        label="Search patients"
        placeholder="Name, MRN or date of birth (YYYY-MM-DD)"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        rightSection={result.status === 'loading' ? <Loader size="xs" /> : null}
        maw={480}
        type="search"
      />
      <LoadError state={result} />
      {shown !== undefined && <Summary total={shown.total} page={page} q={q} />}
      {shown !== undefined && shown.items.length > 0 && <PatientTable items={shown.items} />}
      {pages > 1 && <Pagination total={pages} value={page} onChange={goTo} aria-label="Patient list pages" />}
      <NewPatientModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function Summary({ total, page, q }: { total: number; page: number; q: string }) {
  if (total === 0) {
    return (
      <Text c="dimmed" data-testid="patient-count">
        {q === '' ? 'No patients you may see yet.' : `No patients match “${q}”.`}
      </Text>
    );
  }
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  return (
    <Text size="sm" c="dimmed" data-testid="patient-count">
      {from}–{to} of {total} patient{total === 1 ? '' : 's'}
      {q === '' ? '' : ` matching “${q}”`}
    </Text>
  );
}

function PatientTable({ items }: { items: PatientSummary[] }) {
  return (
    <Table striped highlightOnHover withTableBorder aria-label="Patients">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>MRN</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Date of birth</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((p) => (
          <Table.Tr key={p.id}>
            <Table.Td ff="monospace">{p.mrn}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/patients/${p.id}`}>
                {patientName(p)}
              </Anchor>
            </Table.Td>
            <Table.Td>{p.birthDate}</Table.Td>
            <Table.Td>
              {p.synthetic && (
                <Badge size="sm" color="orange" variant="light">
                  Synthetic
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
