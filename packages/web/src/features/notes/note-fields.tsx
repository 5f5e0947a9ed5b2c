import { Group, List, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { isNoteFieldRequired, type NoteField, type NoteTemplate } from '@kairos/core';
import type { NoteContent, NoteStoredContent } from './notes-api';

/** What the form holds: one string per field (a list field: one item per line). */
export type NoteFormValues = Record<string, string>;

/** Stored content → form values. */
export function toFormValues(template: NoteTemplate, content: Record<string, unknown>): NoteFormValues {
  const out: NoteFormValues = {};
  for (const f of template.fields) {
    const v = content[f.id];
    out[f.id] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').join('\n') : typeof v === 'string' ? v : '';
  }
  return out;
}

/** Form values → content to save (a list field: its non-blank lines). */
export function toContent(template: NoteTemplate, values: NoteFormValues): NoteContent {
  const out: NoteContent = {};
  for (const f of template.fields) {
    const v = values[f.id] ?? '';
    out[f.id] =
      f.kind === 'list'
        ? v
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line !== '')
        : v;
  }
  return out;
}

/** The draft's fields, required ones marked, each with its help text. */
export function NoteFieldsForm({
  template,
  values,
  onChange,
  errors = {},
}: {
  template: NoteTemplate;
  values: NoteFormValues;
  onChange: (next: NoteFormValues) => void;
  errors?: Record<string, string>;
}) {
  const content = toContent(template, values);
  const set = (id: string, value: string) => onChange({ ...values, [id]: value });
  return (
    <Stack gap="md" data-testid="note-fields">
      {template.fields.map((f) => {
        const required = isNoteFieldRequired(f, content);
        const common = { label: f.label, description: describe(f), withAsterisk: required, error: errors[f.id], 'data-field': f.id };
        const value = values[f.id] ?? '';
        if (f.kind === 'choice') {
          return (
            <Radio.Group key={f.id} {...common} value={value} onChange={(v) => set(f.id, v)}>
              <Group gap="lg" mt={6}>
                {(f.options ?? []).map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>
          );
        }
        // The label is also the input's aria-label, so the field is found by its exact label (the asterisk is not part of it).
        const a11y = { 'aria-label': f.label, 'aria-required': required };
        if (f.kind === 'text')
          return <TextInput key={f.id} {...common} {...a11y} value={value} onChange={(e) => set(f.id, e.currentTarget.value)} />;
        if (f.kind === 'minutes')
          return (
            <TextInput
              key={f.id}
              {...common}
              {...a11y}
              inputMode="numeric"
              rightSection={<Text size="sm">min</Text>}
              w={220}
              value={value}
              onChange={(e) => set(f.id, e.currentTarget.value)}
            />
          );
        return (
          <Textarea
            key={f.id}
            {...common}
            {...a11y}
            autosize
            minRows={3}
            maxRows={16}
            value={value}
            onChange={(e) => set(f.id, e.currentTarget.value)}
          />
        );
      })}
    </Stack>
  );
}

function describe(f: NoteField): string | undefined {
  const parts = [
    f.help,
    f.kind === 'list' ? `One ${f.itemLabel ?? 'item'} per line.` : undefined,
    f.clinicianOnly === true ? 'Not shown to the patient.' : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** A signed (or read-only) note's fields, as text. */
export function NoteFieldsView({ template, content }: { template: NoteTemplate; content: NoteStoredContent }) {
  return (
    <Stack gap="sm" data-testid="note-view">
      {template.fields.map((f) => {
        const v = content[f.id];
        const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
        return (
          <div key={f.id} data-field={f.id}>
            <Text size="sm" fw={600}>
              {f.label}
            </Text>
            {empty ? (
              <Text size="sm" c="dimmed">
                —
              </Text>
            ) : Array.isArray(v) ? (
              <List size="sm" type={f.id === 'goals' ? 'ordered' : 'unordered'}>
                {v.map((item, i) => (
                  <List.Item key={i}>{item}</List.Item>
                ))}
              </List>
            ) : f.kind === 'choice' ? (
              <Text size="sm">{f.options?.find((o) => o.value === v)?.label ?? v}</Text>
            ) : f.kind === 'minutes' ? (
              <Text size="sm">{v} min</Text>
            ) : (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {v}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}
