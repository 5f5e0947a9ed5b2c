import { Spoiler, Stack, Text } from '@mantine/core';
import type { ProtocolParamValue } from './settings-api';

/** Text for a number, a word or a yes/no; undefined for anything structured. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** One short line for a value inside a structured parameter (lists of objects by their names). */
function shortText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return scalarText(value) ?? '—';
  if (Array.isArray(value)) {
    return value
      .map((v: unknown) => {
        if (typeof v !== 'object' || v === null) return scalarText(v) ?? '—';
        const o = v as Record<string, unknown>;
        const name =
          [o.generic, o.name, o.code, o.id].map(scalarText).find((x) => x !== undefined) ??
          Object.values(o)
            .map(scalarText)
            .find((x) => x !== undefined);
        return name ?? JSON.stringify(v);
      })
      .join(', ');
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${shortText(v)}`)
    .join('; ');
}

/** A protocol value, readable: numbers and words as they are; structured values key by key, folded when long. */
export function ProtocolValue({ value }: { value: ProtocolParamValue }) {
  if (value === null || typeof value !== 'object') {
    return (
      <Text fw={600} size="sm">
        {value === null ? '—' : String(value)}
      </Text>
    );
  }
  if (Array.isArray(value)) {
    return (
      <Text fw={600} size="sm">
        {shortText(value)}
      </Text>
    );
  }
  return (
    <Spoiler maxHeight={66} showLabel="more" hideLabel="less" styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}>
      <Stack gap={0}>
        {Object.entries(value).map(([k, v]) => (
          <Text key={k} size="xs">
            <Text span size="xs" c="dimmed">
              {k}:
            </Text>{' '}
            <Text span size="xs" fw={600}>
              {shortText(v)}
            </Text>
          </Text>
        ))}
      </Stack>
    </Spoiler>
  );
}
