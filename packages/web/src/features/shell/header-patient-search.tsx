import { Combobox, Text, TextInput, useCombobox } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { searchPatients, type PatientSummary } from '../patients/patients-api';

/** How many characters before the header asks the server (fewer match half the clinic). */
const MIN_QUERY = 2;
/** How many matches the header lists; the rest are on the patient list. */
const SHOWN = 8;
const ALL = '__all';

interface Found {
  q: string;
  items: PatientSummary[];
  total: number;
}

/**
 * The header's patient search, on every staff page of a role that has Patients: a name, an MRN
 * or a date of birth (the same search as the patient list, so only patients the user may open);
 * picking one opens the patient, "All matches" opens the list with the search.
 */
export function HeaderPatientSearch() {
  const navigate = useNavigate();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const query = q.trim();
    if (query.length < MIN_QUERY) {
      setFound(null);
      return undefined;
    }
    let current = true;
    // A short pause while typing: one request for "okaf", not four.
    const timer = setTimeout(() => {
      searchPatients(query, 1).then(
        (r) => {
          if (!current) return;
          setFailed(false);
          setFound({ q: query, items: r.items.slice(0, SHOWN), total: r.total });
          combobox.selectFirstOption();
        },
        () => current && setFailed(true),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // Only the query starts a search (combobox is a new object each render).
  }, [q]);

  const open = (value: string) => {
    const query = q.trim();
    setQ('');
    setFound(null);
    combobox.closeDropdown();
    void navigate(value === ALL ? `/patients?q=${encodeURIComponent(query)}` : `/patients/${encodeURIComponent(value)}`);
  };

  const showing = found !== null && q.trim() === found.q;
  return (
    <Combobox store={combobox} onOptionSubmit={open} width={380} position="bottom-end">
      <Combobox.Target>
        <TextInput
          aria-label="Find a patient"
          placeholder="Find a patient: name, MRN, date of birth"
          data-testid="header-patient-search"
          w={{ base: 190, lg: 280 }}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            // Enter with nothing highlighted opens the list with the search.
            if (e.key === 'Enter' && q.trim().length >= MIN_QUERY && combobox.getSelectedOptionIndex() < 0) open(ALL);
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={q.trim().length < MIN_QUERY} data-testid="header-patient-results">
        <Combobox.Options aria-label="Patients found">
          {failed && <Combobox.Empty>The search could not be run. Try again.</Combobox.Empty>}
          {!failed && !showing && <Combobox.Empty>Searching…</Combobox.Empty>}
          {!failed && showing && found.total === 0 && <Combobox.Empty>No patient you may open matches “{found.q}”.</Combobox.Empty>}
          {!failed &&
            showing &&
            found.items.map((p) => (
              <Combobox.Option value={p.id} key={p.id}>
                <Text size="sm" fw={600}>
                  {p.familyName}, {p.givenName}
                </Text>
                <Text size="xs" c="dimmed">
                  MRN {p.mrn} · born {p.birthDate}
                </Text>
              </Combobox.Option>
            ))}
          {!failed && showing && found.total > found.items.length && (
            <Combobox.Option value={ALL}>
              <Text size="sm">All {found.total} matches on the patient list</Text>
            </Combobox.Option>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
