import { Alert, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { errorText } from '../../api/use-resource';
import { formatValue, proposeProtocolChange, type ProtocolParam, type ProtocolParamValue, type ProtocolVersion } from './settings-api';

/** The typed value to send: a number, a boolean or JSON when the current value is one, else the text. */
export function parseValue(text: string, current: ProtocolParamValue): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = text.trim();
  if (typeof current === 'number') {
    const n = Number(t);
    return t !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'Enter a number' };
  }
  if (typeof current === 'boolean') {
    if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
    return { ok: false, message: 'Enter true or false' };
  }
  if (typeof current === 'object' && current !== null) {
    if (Array.isArray(current) && current.every((v) => typeof v === 'string') && !t.startsWith('[')) {
      return {
        ok: true,
        value: t
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    }
    try {
      return { ok: true, value: JSON.parse(t) as unknown };
    } catch {
      return { ok: false, message: 'Enter valid JSON' };
    }
  }
  return t === '' ? { ok: false, message: 'Enter a value' } : { ok: true, value: t };
}

/** "Propose a change": one parameter, its new value and a mandatory reason; makes a new, unsigned version. */
export function ProposeChangeForm({
  siteId,
  params,
  onProposed,
}: {
  siteId: string;
  params: ProtocolParam[];
  onProposed: (v: ProtocolVersion) => void;
}) {
  const [path, setPath] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const param = params.find((p) => p.path === path);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const errs: Record<string, string> = {};
    if (param === undefined) errs.path = 'Pick a parameter';
    const parsed = param === undefined ? undefined : parseValue(value, param.value);
    if (parsed !== undefined && !parsed.ok) errs.value = parsed.message;
    if (reason.trim() === '') errs.reason = 'A reason is required';
    setErrors(errs);
    if (Object.keys(errs).length > 0 || param === undefined || parsed === undefined || !parsed.ok) return;
    setBusy(true);
    try {
      const v = await proposeProtocolChange(siteId, [{ path: param.path, value: parsed.value }], reason.trim());
      setPath(null);
      setValue('');
      setReason('');
      onProposed(v);
    } catch (err) {
      // 400 names each bad path: show it under the value.
      const issues = err instanceof ApiError && Array.isArray(err.details.issues) ? (err.details.issues as { message?: string }[]) : [];
      if (issues.length > 0) setErrors({ value: issues.map((i) => i.message ?? '').join('; ') });
      else setFormError(errorText(err, 'The change was not saved.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="propose-change">
        <Stack gap="sm">
          <Title order={4}>Propose a change</Title>
          <Text size="sm" c="dimmed">
            A change makes a new version of the site protocol. It changes nothing at the site until a medical director signs it.
          </Text>
          <Select
            label="Parameter"
            searchable
            data={params.map((p) => p.path)}
            value={path}
            onChange={(p) => {
              setPath(p);
              const found = params.find((x) => x.path === p);
              setValue(found === undefined ? '' : formatValue(found.value));
            }}
            error={errors.path}
            limit={50}
          />
          {param !== undefined && (
            <Text size="sm">
              Now: <b>{formatValue(param.value)}</b> {param.unit}
              {param.min !== undefined || param.max !== undefined ? ` (allowed ${param.min ?? '…'} – ${param.max ?? '…'})` : ''}
            </Text>
          )}
          <TextInput
            label="New value"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={errors.value}
            rightSection={param?.unit}
            rightSectionWidth={param?.unit === undefined ? undefined : 80}
          />
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          {formError !== undefined && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Propose change
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
