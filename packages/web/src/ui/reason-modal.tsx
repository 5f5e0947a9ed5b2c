import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { FormError } from './form-error';

export interface ReasonModalProps {
  opened: boolean;
  title: string;
  label: string;
  confirm: string;
  /** Shortest accepted reason, characters. */
  minLength?: number;
  busy?: boolean;
  error?: string;
  color?: string;
  onClose: () => void;
  onSubmit: (reason: string) => void;
}

/** Asks the reason for an act (pause, abort, an override) before doing it. */
export function ReasonModal({ opened, title, label, confirm, minLength = 3, busy, error, color, onClose, onSubmit }: ReasonModalProps) {
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length >= minLength) onSubmit(reason.trim());
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size="lg">
      <form onSubmit={submit} noValidate data-testid="reason-dialog">
        <Stack>
          <Textarea
            label={label}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={3}
            size="lg"
            data-autofocus
          />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" size="lg" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="lg" color={color} loading={busy} disabled={reason.trim().length < minLength}>
              {confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
