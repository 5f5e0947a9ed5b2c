import { Button, Divider, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText, useResource } from '../../api/use-resource';
import { createEnrollment, listPrograms, type Enrollment } from './intake-api';
import { ReferralFields } from './referral-fields';
import { isReferralFormEmpty, REFERRAL_KEEPER_ROLES, referralBody, referralFormValues, type ReferralFormValues } from './referral-words';
import { useSiteToday } from './use-site-today';
import { useSites } from './use-site-names';
import { FormError } from '../../ui/form-error';
import { useRoles } from '../../ui/use-roles';

/**
 * "Refer to a program": a program template at a site; the enrollment starts as referred. Whoever
 * keeps referrals (`referrals.manage`) also records where the referral came from, who referred the
 * patient and why (the referral details; every part optional).
 */
export function ReferModal({
  patientId,
  opened,
  onClose,
  onCreated,
  initial,
}: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
  onCreated: (e: Enrollment) => void;
  /** The program (and site) chosen to begin with: a maintenance session referred from its task. */
  initial?: { programTemplate: string; siteId?: string };
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Refer to a program" centered size="lg">
      {opened && <ReferForm patientId={patientId} onClose={onClose} onCreated={onCreated} initial={initial} />}
    </Modal>
  );
}

function ReferForm({
  patientId,
  onClose,
  onCreated,
  initial,
}: {
  patientId: string;
  onClose: () => void;
  onCreated: (e: Enrollment) => void;
  initial: { programTemplate: string; siteId?: string } | undefined;
}) {
  const programs = useResource('programs', listPrograms, 'The programs could not be loaded.');
  const { sites, loaded } = useSites();
  const [program, setProgram] = useState<string | null>(initial?.programTemplate ?? null);
  const [site, setSite] = useState<string | null>(initial?.siteId ?? null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const mayKeepDetails = useRoles().has(...REFERRAL_KEEPER_ROLES);
  const today = useSiteToday();
  const [details, setDetails] = useState<ReferralFormValues>(() => referralFormValues(null, today));
  const [detailErrors, setDetailErrors] = useState<Record<string, string>>({});
  const siteValue = site ?? (sites.length === 1 ? (sites[0]?.id ?? null) : null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (program === null || siteValue === null) {
          setError('Pick a program and a site.');
          return;
        }
        const withDetails = mayKeepDetails && !isReferralFormEmpty(details);
        const { body, errors } = referralBody(details);
        setDetailErrors(withDetails ? errors : {});
        if (withDetails && Object.keys(errors).length > 0) {
          setError('Check the referral details.');
          return;
        }
        setBusy(true);
        setError(undefined);
        createEnrollment(patientId, program, siteValue, withDetails ? body : undefined).then(
          (created) => {
            setBusy(false);
            onCreated(created);
            onClose();
          },
          (err: unknown) => {
            setBusy(false);
            setDetailErrors(fieldErrors(err));
            setError(errorText(err, 'The referral was not saved.'));
          },
        );
      }}
    >
      <Stack>
        <Select
          label="Program"
          data={(programs.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
          value={program}
          onChange={setProgram}
          error={programs.state.status === 'error' ? programs.state.message : undefined}
          data-autofocus
        />
        <Select
          label="Site"
          data={sites.map((s) => ({ value: s.id, label: s.name }))}
          value={siteValue}
          onChange={setSite}
          error={loaded && sites.length === 0 ? 'No site could be listed for you.' : undefined}
        />
        {mayKeepDetails && (
          <>
            <Divider
              label={
                <Text size="sm" fw={600}>
                  Referral details
                </Text>
              }
              labelPosition="left"
            />
            <ReferralFields
              values={details}
              onChange={(v) => {
                setDetails(v);
                setDetailErrors({});
              }}
              errors={detailErrors}
            />
          </>
        )}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Refer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
