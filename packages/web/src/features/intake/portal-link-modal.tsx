import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorText, formatInstant } from '../../api/use-resource';
import { createPortalAccess, type PortalLink } from './intake-api';
import { FormError } from '../../ui/form-error';

/** What happened to the email with the link, in words. */
function emailWords(access: PortalLink): string {
  if (access.message !== null) return `Emailed to ${access.message.to}.`;
  switch (access.messageNotSent) {
    case 'no-email':
      return 'Not emailed: the patient has no email address on record. Give them the code.';
    case 'no-public-address':
      return 'Not emailed: Kairos does not know the clinic’s public web address yet (an administrator sets it), so an email could not hold a working link. Give the patient the code.';
    default:
      return 'Not emailed, as asked.';
  }
}

/** Creates a single-use portal link and code; they are shown once, to copy or read to the patient. */
export function PortalLinkModal({ patientId, opened, onClose }: { patientId: string; opened: boolean; onClose: () => void }) {
  const [access, setAccess] = useState<PortalLink>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const close = () => {
    setAccess(undefined);
    setError(undefined);
    onClose();
  };
  const link = access === undefined ? '' : new URL(access.link, window.location.origin).toString();
  return (
    <Modal opened={opened} onClose={close} title="Portal link for the patient" centered size="lg">
      <Stack data-testid="portal-link">
        {access === undefined ? (
          <>
            <Text size="sm">
              The patient opens the link (or enters the code at <Code>{window.location.origin}/portal</Code>) to read and sign their
              consent. The link works once and expires; a new one replaces nothing, so create one only when you are about to send it.
            </Text>
            <FormError error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                loading={busy}
                onClick={() => {
                  setBusy(true);
                  createPortalAccess(patientId).then(
                    (a) => {
                      setBusy(false);
                      setAccess(a);
                    },
                    (e: unknown) => {
                      setBusy(false);
                      setError(errorText(e, 'The link was not created.'));
                    },
                  );
                }}
              >
                Create link
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Alert color="yellow">Shown only now: Kairos keeps only a hash. Copy it or read the code to the patient before closing.</Alert>
            <Group align="flex-end">
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Code
                </Text>
                <Text ff="monospace" fz={28} fw={700} lts={4} data-testid="portal-code">
                  {access.code}
                </Text>
              </div>
              <CopyButton value={access.code}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy code'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group align="flex-end" wrap="nowrap">
              <TextInput
                label="Link"
                readOnly
                value={link}
                style={{ flex: 1 }}
                data-testid="portal-url"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton value={link}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy link'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm">
              Single use. Expires <b data-testid="portal-expiry">{formatInstant(access.expiresAt)}</b>.
            </Text>
            <Text size="sm" data-testid="portal-email">
              {emailWords(access)}
            </Text>
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
