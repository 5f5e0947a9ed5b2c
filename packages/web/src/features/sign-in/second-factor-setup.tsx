import { Alert, Button, Checkbox, Code, Group, Image, List, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { RecoveryCodes, SecondFactorCodeBody, SecondFactorEnrolment } from '@kairos/api';
import { apiSend, fieldErrors } from '../../api/client';
import { errorText } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';

/** The QR code an authenticator app scans, from the server's SVG. */
function QrCode({ svg }: { svg: string }) {
  return (
    <Image
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt="QR code to scan with your authenticator app"
      w={200}
      h={200}
      data-testid="second-factor-qr"
    />
  );
}

/** Recovery codes, shown once: each works once in place of the app's code. */
export function RecoveryCodeList({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel: string }) {
  const [saved, setSaved] = useState(false);
  return (
    <Stack data-testid="recovery-codes">
      <Alert color="yellow" title="Save your recovery codes now">
        If you lose your phone, each of these codes lets you sign in once instead of the app&apos;s code. They are shown only this once:
        print them or keep them in a password manager, not on the phone.
      </Alert>
      <SimpleGrid cols={2} spacing={4}>
        {codes.map((c) => (
          <Code key={c} fz="md">
            {c}
          </Code>
        ))}
      </SimpleGrid>
      <Group>
        <Button variant="default" onClick={() => window.print()}>
          Print
        </Button>
        <Button variant="default" onClick={() => void navigator.clipboard?.writeText(codes.join('\n'))}>
          Copy
        </Button>
      </Group>
      <Checkbox label="I have saved these codes somewhere safe" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Group justify="flex-end">
        <Button disabled={!saved} onClick={onDone}>
          {doneLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Setting up an authenticator app: a new secret as a QR code (and as text, for typing in), then the
 * first code from the app confirms it, then the recovery codes, once.
 */
export function SecondFactorSetup({ onDone, doneLabel }: { onDone: () => void; doneLabel: string }) {
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment>();
  const [codes, setCodes] = useState<string[]>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [codeError, setCodeError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setEnrolment(await apiSend<SecondFactorEnrolment>('POST', '/api/account/second-factor/enrolment'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setCodeError(undefined);
    try {
      const r = await apiSend<RecoveryCodes>('POST', '/api/account/second-factor/enrolment/confirm', {
        code: code.trim(),
      } satisfies SecondFactorCodeBody);
      setCodes(r.recoveryCodes);
    } catch (err) {
      const field = fieldErrors(err).code;
      if (field !== undefined) setCodeError(`The code is ${field}.`);
      else setError(errorText(err));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  if (codes !== undefined) return <RecoveryCodeList codes={codes} onDone={onDone} doneLabel={doneLabel} />;
  if (enrolment === undefined)
    return (
      <Stack>
        <Text>
          You need an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or 1Password). Kairos shows
          a QR code; the app then shows a new 6-digit code every 30 seconds, which you enter when you sign in or confirm an act.
        </Text>
        <FormError error={error} />
        <Group>
          <Button onClick={() => void start()} loading={busy} data-testid="second-factor-start">
            Set up an authenticator app
          </Button>
        </Group>
      </Stack>
    );
  return (
    <form onSubmit={confirm} noValidate>
      <Stack>
        <List type="ordered" spacing="xs">
          <List.Item>In the authenticator app, add an account and scan this QR code.</List.Item>
          <List.Item>Enter the 6-digit code the app now shows for Kairos.</List.Item>
        </List>
        <QrCode svg={enrolment.qrSvg} />
        <Text size="sm" c="dimmed">
          Cannot scan? Type this key into the app instead: <Code data-testid="second-factor-secret">{enrolment.secret}</Code>
        </Text>
        <TextInput
          label="Code from the app"
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={codeError}
          data-testid="second-factor-confirm-code"
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={code.trim() === ''}>
            Confirm
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
