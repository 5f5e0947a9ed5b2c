import type { ProtocolCitation, ProtocolParamProvenance } from '@kairos/api';
import { CITATIONS, isCitationKey, type CitationKey, type Provenance } from '@kairos/core';
import { Badge, Group, Text, Tooltip } from '@mantine/core';

/** A citation as the API gives it: a registry key (a check's, a flag's), or the key with its title and reference (a protocol parameter's). */
export type CitationRef = CitationKey | ProtocolCitation;

/** Where a rule, a number or an interaction flag comes from: core's Provenance, or a protocol parameter's (citations spelled out). */
export type SourceRef = Provenance | ProtocolParamProvenance;

const KIND_LABEL: Record<SourceRef['kind'], string> = { brief: 'Program brief', 'site-default': 'Site default', source: 'Source' };

/** A citation by its title with its reference on hover; a registry key is looked up in core's registry, never shown as a key. */
function citationLabel(c: CitationRef): { label: string; title?: string } {
  if (typeof c !== 'string') return { label: c.title, title: c.reference };
  const known = isCitationKey(c) ? CITATIONS[c] : undefined;
  return known === undefined ? { label: c } : { label: known.title, title: known.reference };
}

/** One provenance: the brief, a site default (needs review) or published sources, with the note. */
export function SourceLine({ source }: { source: SourceRef }) {
  const citations: readonly CitationRef[] = source.kind === 'source' ? source.citations : [];
  return (
    <Group gap={4} wrap="wrap" component="span" style={{ display: 'inline-flex' }}>
      <Badge size="xs" variant="light" color={source.kind === 'site-default' ? 'yellow' : source.kind === 'brief' ? 'blue' : 'gray'}>
        {KIND_LABEL[source.kind]}
      </Badge>
      {citations.map((c) => {
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
export function SourcesList({ sources }: { sources: readonly SourceRef[] | undefined }) {
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
