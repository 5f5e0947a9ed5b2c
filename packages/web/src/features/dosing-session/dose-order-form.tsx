import { CredentialOverride } from '../credentials/credential-override';
import { overrideSessionCredential } from '../credentials/credentials-api';
import { credentialLapseOf } from './chair-words';
import {
  DOSING_ROUTES,
  DOSING_ROUTE_LABELS,
  SUBLINGUAL_FORMS,
  SUBLINGUAL_FORM_LABELS,
  type DosingRoute,
  type SublingualForm,
} from '@kairos/core';
import { Alert, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { orderDose, type DosingSessionView } from './dosing-session-api';

/** The protocol's values the order form offers (none is written in the form). */
export interface DoseOrderDefaults {
  mgPerKg?: number;
  minutes?: number;
  vialsMgPerMl?: readonly number[];
  diluentMl?: number;
  /** The routes the site's protocol offers (IV only when absent). */
  routes?: readonly string[];
}

const ROUTE_CHOICES = DOSING_ROUTES.map((r) => ({ value: r, label: DOSING_ROUTE_LABELS[r] }));
const FORM_CHOICES = SUBLINGUAL_FORMS.map((f) => ({ value: f, label: SUBLINGUAL_FORM_LABELS[f].name }));

/**
 * The prescriber's order. IV: vial strength (the strengths the site stocks) and diluent (the
 * site's volume by default); mg/kg and minutes default to the site protocol. Intramuscular: the
 * dose in mg and the vial drawn from. Oral/sublingual: the dose in mg, the compounded form and its
 * strength. The route is chosen among those the site's protocol offers (IV unless it offers more).
 * No number is written here: every default comes from the protocol the session runs under.
 */
export function DoseOrderForm({
  session,
  defaults,
  onChange,
}: {
  session: DosingSessionView;
  defaults: DoseOrderDefaults;
  onChange: (s: DosingSessionView) => void;
}) {
  const vials = (defaults.vialsMgPerMl ?? []).map(String);
  const routes = ROUTE_CHOICES.filter((r) => (defaults.routes ?? ['IV']).includes(r.value));
  const [route, setRoute] = useState<DosingRoute>(routes.some((r) => r.value === session.route) ? session.route : 'IV');
  const [vial, setVial] = useState(vials[0] ?? '');
  const [diluent, setDiluent] = useState<number | string>(defaults.diluentMl ?? '');
  const [mgPerKg, setMgPerKg] = useState<number | string>('');
  const [minutes, setMinutes] = useState<number | string>('');
  const [doseMg, setDoseMg] = useState<number | string>('');
  const [form, setForm] = useState<SublingualForm>('troche');
  const [strength, setStrength] = useState<number | string>('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Refused for a lapsed licence or DEA registration: the medical director may let the order go ahead.
  const [lapse, setLapse] = useState<ReturnType<typeof credentialLapseOf>>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const input =
        route === 'IV'
          ? {
              vialMgPerMl: Number(vial),
              diluentMl: Number(diluent),
              ...(mgPerKg === '' ? {} : { mgPerKg: Number(mgPerKg) }),
              ...(minutes === '' ? {} : { minutes: Number(minutes) }),
            }
          : route === 'IM'
            ? { route, doseMg: Number(doseMg), vialMgPerMl: Number(vial) }
            : { route, doseMg: Number(doseMg), form, ...(strength === '' ? {} : { strengthMg: Number(strength) }) };
      onChange(await orderDose(session.id, input));
    } catch (err) {
      setLapse(credentialLapseOf(err));
      setError(err instanceof ApiError ? err.message : 'The order could not be placed.');
    } finally {
      setBusy(false);
    }
  };
  const vialChoice = (
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
  );
  const doseInput = (
    <NumberInput
      label="Dose (mg)"
      description="entered by the prescriber; checked against the site maximum per kg"
      size="lg"
      min={0}
      max={10000}
      decimalScale={1}
      value={doseMg}
      onChange={setDoseMg}
    />
  );

  return (
    <form onSubmit={submit} noValidate data-testid="dose-order-form">
      <Stack gap="sm">
        {routes.length > 1 && (
          <div>
            <Text size="sm" fw={500} mb={4}>
              Route
            </Text>
            <SegmentedControl size="lg" data={routes} value={route} onChange={(v) => setRoute(v)} aria-label="Route" />
          </div>
        )}
        {route === 'IV' && (
          <>
            {vialChoice}
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
          </>
        )}
        {route === 'IM' && (
          <>
            {vialChoice}
            {doseInput}
          </>
        )}
        {route === 'SL' && (
          <Group grow align="flex-start">
            {doseInput}
            <Select
              label="Compounded form"
              size="lg"
              data={FORM_CHOICES}
              value={form}
              onChange={(v) => v !== null && setForm(v)}
              allowDeselect={false}
            />
            <NumberInput
              label={form === 'solution' ? 'Strength (mg/mL)' : `Strength (mg per ${SUBLINGUAL_FORM_LABELS[form].per})`}
              size="lg"
              min={0}
              max={10000}
              value={strength}
              onChange={setStrength}
            />
          </Group>
        )}
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
          <Button type="submit" size="lg" loading={busy} disabled={route === 'IV' ? diluent === '' : doseMg === ''}>
            Order the dose
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
