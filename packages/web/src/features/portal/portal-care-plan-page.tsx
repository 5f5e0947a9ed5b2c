import { Alert, Button, List, Paper, Stack, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { formatInstant, useResource } from '../../api/use-resource';
import { CARE_PLAN_PDF, getPortalCarePlan, type PortalCarePlan } from './portal-api';
import { BackHome, PortalProblem } from './portal-common';
import { splitPhoneNumbers } from './portal-crisis';

/** Text with its phone numbers as tel: links. */
function Linked({ text }: { text: string }) {
  return (
    <Text lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
      {splitPhoneNumbers(text).map((p, i) =>
        p.tel === undefined ? (
          <Fragment key={i}>{p.text}</Fragment>
        ) : (
          <a key={i} href={`tel:${p.tel}`} style={{ fontWeight: 700 }}>
            {p.text}
          </a>
        ),
      )}
    </Text>
  );
}

function FieldValue({ field }: { field: PortalCarePlan['fields'][number] }) {
  const v = field.value;
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return <Text c="dimmed">Nothing written.</Text>;
  if (Array.isArray(v)) {
    return (
      <List spacing="xs" size="lg" type="ordered">
        {v.map((item, i) => (
          <List.Item key={i}>{String(item)}</List.Item>
        ))}
      </List>
    );
  }
  // Phone numbers become links in the crisis resources only (not "100 mg" in the maintenance plan).
  return field.id === 'crisisResources' ? (
    <Linked text={String(v)} />
  ) : (
    <Text lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
      {String(v)}
    </Text>
  );
}

/** /portal/care-plan: the signed continuing care plan (the patient's fields), its updates, and the PDF. */
export function PortalCarePlanPage() {
  const plan = useResource('portal-care-plan', getPortalCarePlan, 'Your care plan could not be loaded.');
  if (plan.data === undefined) {
    return <PortalProblem state={plan.state} notFoundTitle="Not ready yet" />;
  }
  const p = plan.data;
  return (
    <Stack gap="lg" data-testid="portal-care-plan">
      <div>
        <Title order={1} fz={30}>
          My continuing care plan
        </Title>
        {p.signedAt !== null && (
          <Text c="dimmed">
            Agreed on {formatInstant(p.signedAt)}
            {p.signedBy === null ? '' : ` with ${p.signedBy}`}
          </Text>
        )}
      </div>
      <Button component="a" href={p.pdf || CARE_PLAN_PDF} target="_blank" rel="noopener" size="lg" variant="light" color="teal" fullWidth>
        Download it as a PDF
      </Button>
      {p.fields.map((f) => (
        <Paper
          key={f.id}
          component="section"
          p="md"
          radius="md"
          withBorder
          bg={f.id === 'crisisResources' ? 'red.0' : undefined}
          data-testid={`plan-${f.id}`}
        >
          <Stack gap="xs">
            <Title order={2} fz={22}>
              {f.label}
            </Title>
            <FieldValue field={f} />
          </Stack>
        </Paper>
      ))}
      {p.amendments.length > 0 && (
        <Stack gap="sm">
          <Title order={2} fz={22}>
            Updates to your plan
          </Title>
          {p.amendments.map((a, i) => (
            <Alert key={i} color="blue" variant="light" title={`${formatInstant(a.at)}, ${a.by}`}>
              <Stack gap={4}>
                <Text lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
                  {a.body}
                </Text>
                {a.reason !== '' && (
                  <Text fz="xs" c="dimmed">
                    Why: {a.reason}
                  </Text>
                )}
              </Stack>
            </Alert>
          ))}
        </Stack>
      )}
      <BackHome />
    </Stack>
  );
}
