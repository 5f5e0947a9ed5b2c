import { Spoiler, Stack, Text } from '@mantine/core';
import type { ProtocolParamValue } from './settings-api';

/** One short line for a value inside a structured parameter (lists of objects by their names). */
function shortText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    return value
      .map((v) => {
        if (typeof v !== 'object' || v === null) return String(v);
        const o = v as Record<string, unknown>;
        const name = o.generic ?? o.name ?? o.code ?? o.id ?? Object.values(o).find((x) => typeof x === 'string' || typeof x === 'number');
        return String(name ?? JSON.stringify(v));
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
