import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { QuestionnaireLinksResult } from '@kairos/api';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';
import { sendQuestionnaireLinks } from './measures-api';

interface Due {
  patient: { id: string; name: string };
}

const OUTCOME_WORDS: Record<Exclude<QuestionnaireLinksResult['items'][number]['outcome'], 'sent'>, string> = {
  'no-email': 'no email address on file: hand over the tablet instead',
  'nothing-due': 'nothing due any more',
  refused: 'not sent: not a patient you may reach at this site',
};

/**
 * "Email links to everyone due": one portal link by email for each patient on Today's
 * questionnaires list with something still due (a dosing day's or day 5's wave in one action).
 * The answer says, patient by patient, who got nothing and why.
 */
export function EmailQuestionnaireLinks({ siteId, due }: { siteId: string; due: Due[] }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<QuestionnaireLinksResult>();
  const nameOf = new Map(due.map((d) => [d.patient.id, d.patient.name]));
  const close = () => {
    setOpen(false);
    setResult(undefined);
    setError(undefined);
  };
  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await sendQuestionnaireLinks(
          siteId,
          due.map((d) => d.patient.id),
        ),
      );
    } catch (e) {
      setError(errorText(e, 'The links could not be sent.'));
    } finally {
      setBusy(false);
    }
  };
  const notSent = result?.items.filter((i) => i.outcome !== 'sent') ?? [];
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        Email links to everyone due
      </Button>
      <Modal opened={open} onClose={close} title="Email questionnaire links" centered>
        {result === undefined ? (
          <Stack gap="sm">
            <Text size="sm">
              Each of the {due.length === 1 ? 'patient' : `${due.length} patients`} with a questionnaire still due today gets an email with
              a link of their own to answer it, valid for 72 hours.
            </Text>
            {error !== undefined && (
              <Alert color="red" title="Not sent">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button loading={busy} onClick={() => void send()}>
                Send {due.length === 1 ? '1 link' : `${due.length} links`}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm" data-testid="links-result">
            <Text size="sm" fw={600}>
              {result.sent === 1 ? '1 link was emailed.' : `${result.sent} links were emailed.`}
            </Text>
            {notSent.length > 0 && (
              <List size="sm">
                {notSent.map((i) => (
                  <List.Item key={i.patientId}>
                    {nameOf.get(i.patientId) ?? 'A patient'}: {OUTCOME_WORDS[i.outcome as keyof typeof OUTCOME_WORDS]}
                  </List.Item>
                ))}
              </List>
            )}
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
