import { Alert, Button, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { useRoles } from '../../ui/use-roles';

/**
 * Under a refusal for a lapsed credential: the medical director lets the act go ahead with a reason,
 * confirming with their own password (kept on the record with what lapsed). Anyone else reads who
 * may do it.
 */
export function CredentialOverride({ onOverride }: { onOverride: (o: { reason: string; stepUpToken: string }) => void }) {
  const { has } = useRoles();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  if (!has('medical-director'))
    return (
      <Text size="sm" c="dimmed" data-testid="credential-override-hint">
        Only the medical director may let this go ahead with a lapsed credential, giving a reason.
      </Text>
    );
  const ready = reason.trim().length >= 3;
  return (
    <Alert color="orange" title="Override as medical director" data-testid="credential-override">
      <Stack gap="xs">
        <Textarea
          label="Why may this go ahead although the credential lapsed?"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Button color="orange" disabled={!ready} onClick={() => setConfirming(true)}>
          Override and save
        </Button>
      </Stack>
      <StepUpDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        purpose="credentials.override"
        title="Confirm the override with your password"
        who="self"
        description="The override is kept on the record with your name, your reason and what lapsed."
        onVerified={(token) => {
          setConfirming(false);
          onOverride({ reason: reason.trim(), stepUpToken: token });
        }}
      />
    </Alert>
  );
}
