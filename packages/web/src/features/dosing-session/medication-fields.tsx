import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import type { MedicationDraft } from './chair-words';
import { MEDICATION_ROUTES, MEDICATION_UNITS, type MedicationRoute } from './dosing-session-api';
import { isoToSiteLocal } from './site-datetime';

/** Routes with their meaning spelled out. */
export const ROUTE_WORDS: Record<MedicationRoute, string> = {
  IV: 'IV (into a vein)',
  IM: 'IM (into a muscle)',
  PO: 'PO (by mouth)',
  SL: 'SL (under the tongue)',
  IN: 'IN (into the nose)',
  SC: 'SC (under the skin)',
};

/** A blank entry: the drug named (or empty), no dose (never defaulted), IV, given now (site time). */
export function blankMedication(drug: string, nowMs: number, timeZone: string | undefined): MedicationDraft {
  return { drug, dose: '', unit: 'mg', route: 'IV', givenAt: isoToSiteLocal(nowMs, timeZone) };
}

/** Drug, dose, unit, route and the time given, for a premedication or the treatment of an adverse event. */
export function MedicationFields({
  value,
  onChange,
  disabled,
}: {
  value: MedicationDraft;
  onChange: (d: MedicationDraft) => void;
  disabled?: boolean;
}) {
  const set = (patch: Partial<MedicationDraft>) => onChange({ ...value, ...patch });
  return (
    <Group grow align="flex-start" wrap="wrap" gap="xs">
      <TextInput
        label="Drug"
        size="md"
        miw={160}
        value={value.drug}
        disabled={disabled}
        onChange={(e) => set({ drug: e.currentTarget.value })}
      />
      <NumberInput
        label="Dose"
        size="md"
        miw={90}
        min={0}
        max={100_000}
        decimalScale={3}
        hideControls
        inputMode="decimal"
        value={value.dose}
        disabled={disabled}
        onChange={(v) => set({ dose: v })}
      />
      <Select
        label="Unit"
        size="md"
        miw={90}
        data={[...MEDICATION_UNITS]}
        value={value.unit}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => v !== null && set({ unit: v })}
      />
      <Select
        label="Route"
        size="md"
        miw={170}
        data={MEDICATION_ROUTES.map((r) => ({ value: r, label: ROUTE_WORDS[r] }))}
        value={value.route}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => v !== null && set({ route: v })}
      />
      <TextInput
        type="datetime-local"
        label="Time given (clinic time)"
        size="md"
        miw={250}
        value={value.givenAt}
        disabled={disabled}
        onChange={(e) => set({ givenAt: e.currentTarget.value })}
      />
    </Group>
  );
}
