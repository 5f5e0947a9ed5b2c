import { CredentialOverride } from '../credentials/credential-override';
import { overrideSessionCredential } from '../credentials/credentials-api';
import { credentialLapseOf } from './chair-words';
import { Alert, Button, Group, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { orderDose, type DosingSessionView } from './dosing-session-api';

/**
 * The prescriber's order: vial strength (the strengths the site stocks) and diluent (the site's
 * volume by default); mg/kg and minutes default to the site protocol. No number is written here:
 * every default comes from the protocol the session runs under.
 */
export function DoseOrderForm({
  session,
  defaults,
  onChange,
}: {
  session: DosingSessionView;
  defaults: { mgPerKg?: number; minutes?: number; vialsMgPerMl?: readonly number[]; diluentMl?: number };
  onChange: (s: DosingSessionView) => void;
}) {
  const vials = (defaults.vialsMgPerMl ?? []).map(String);
  const [vial, setVial] = useState(vials[0] ?? '');
  const [diluent, setDiluent] = useState<number | string>(defaults.diluentMl ?? '');
  const [mgPerKg, setMgPerKg] = useState<number | string>('');
  const [minutes, setMinutes] = useState<number | string>('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Refused for a lapsed licence or DEA registration: the medical director may let the order go ahead.
  const [lapse, setLapse] = useState<ReturnType<typeof credentialLapseOf>>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const input = {
        vialMgPerMl: Number(vial),
        diluentMl: Number(diluent),
        ...(mgPerKg === '' ? {} : { mgPerKg: Number(mgPerKg) }),
        ...(minutes === '' ? {} : { minutes: Number(minutes) }),
      };
      onChange(await orderDose(session.id, input));
    } catch (err) {
      setLapse(credentialLapseOf(err));
      const code = err instanceof ApiError && typeof err.details.code === 'string' ? ` (${err.details.code})` : '';
      setError(err instanceof ApiError ? `${err.message}${code}` : 'The order could not be placed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="dose-order-form">
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} mb={4}>
            Vial strength (mg/mL)
          </Text>
          <SegmentedControl
            size="lg"
            data={vials.map((v) => ({ value: v, label: `${v} mg/mL` }))}
            value={vial}
            onChange={setVial}
            aria-label="Vial strength"
          />
        </div>
        <Group grow align="flex-start">
          <NumberInput
            label="Diluent (mL)"
            description="0 for a syringe pump"
            size="lg"
            min={0}
            max={2000}
            value={diluent}
            onChange={setDiluent}
          />
          <NumberInput
            label="Dose (mg/kg)"
            description={`optional; protocol ${defaults.mgPerKg ?? '—'} mg/kg`}
            placeholder={defaults.mgPerKg === undefined ? '' : String(defaults.mgPerKg)}
            size="lg"
            min={0.1}
            max={5}
            step={0.05}
            decimalScale={3}
            value={mgPerKg}
            onChange={setMgPerKg}
          />
          <NumberInput
            label="Duration (min)"
            description={`optional; protocol ${defaults.minutes ?? '—'} min`}
            placeholder={defaults.minutes === undefined ? '' : String(defaults.minutes)}
            size="lg"
            min={20}
            max={120}
            allowDecimal={false}
            value={minutes}
            onChange={setMinutes}
          />
        </Group>
        {error !== undefined && (
          <Alert color="red" role="alert" data-testid="dose-error">
            {error}
          </Alert>
        )}
        {lapse !== undefined && (
          <CredentialOverride
            onOverride={(o) => {
              overrideSessionCredential(session.id, { ...lapse, ...o })
                .then((s) => {
                  setLapse(undefined);
                  setError(undefined);
                  onChange(s);
                })
                .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'The override could not be saved.'));
            }}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" size="lg" loading={busy} disabled={diluent === ''}>
            Order the dose
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
