import { Badge, Group, Text, Tooltip } from '@mantine/core';

/** A citation as the API gives it: a registry key, or the key with its title and reference. */
export type CitationRef = string | { key: string; title?: string; reference?: string };

/** Where a rule, a number or an interaction flag comes from (core's Provenance, as JSON). */
export interface SourceRef {
  kind: 'brief' | 'site-default' | 'source' | string;
  citations?: CitationRef[];
  note?: string;
}

const KIND_LABEL: Record<string, string> = { brief: 'Program brief', 'site-default': 'Site default', source: 'Source' };

function citationLabel(c: CitationRef): { label: string; title?: string } {
  if (typeof c === 'string') return { label: c };
  const title = c.reference ?? undefined;
  return title === undefined ? { label: c.title ?? c.key } : { label: c.title ?? c.key, title };
}

/** One provenance: the brief, a site default (needs review) or published sources, with the note. */
export function SourceLine({ source }: { source: SourceRef | string }) {
  if (typeof source === 'string') {
    return (
      <Text size="xs" c="dimmed" component="span">
        {source}
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="wrap" component="span" style={{ display: 'inline-flex' }}>
      <Badge size="xs" variant="light" color={source.kind === 'site-default' ? 'yellow' : source.kind === 'brief' ? 'blue' : 'gray'}>
        {KIND_LABEL[source.kind] ?? source.kind}
      </Badge>
      {(source.citations ?? []).map((c) => {
        const { label, title } = citationLabel(c);
        return title === undefined ? (
          <Text key={label} size="xs" component="span">
            {label}
          </Text>
        ) : (
          <Tooltip key={label} label={title} multiline maw={360}>
            <Text size="xs" component="span" td="underline" style={{ textDecorationStyle: 'dotted' }}>
              {label}
            </Text>
          </Tooltip>
        );
      })}
      {source.note !== undefined && source.note !== '' && (
        <Text size="xs" c="dimmed" component="span">
          {source.note}
        </Text>
      )}
    </Group>
  );
}

/** Every source of a check or a flag, one per line. */
export function SourcesList({ sources }: { sources: (SourceRef | string)[] | undefined }) {
  if (sources === undefined || sources.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no source given
      </Text>
    );
  }
  return (
    <div>
      {sources.map((s, i) => (
        <div key={i}>
          <SourceLine source={s} />
        </div>
      ))}
    </div>
  );
}
