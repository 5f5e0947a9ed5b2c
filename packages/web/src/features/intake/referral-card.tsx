import { Alert, Anchor, Button, FileButton, Group, List, Stack, Text } from '@mantine/core';
import { REFERRAL_LIMITS, type ReferralDocumentMediaType } from '@kairos/api';
import { useState, type ReactNode } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { useRoles } from '../../ui/use-roles';
import { formatDate } from '../schedule/site-time';
import { getReferral, putReferral, referralDocumentUrl, uploadReferralDocument, type Referral } from './intake-api';
import { ReferralFields } from './referral-fields';
import {
  MEDIA_TYPE_LABELS,
  REFERRAL_KEEPER_ROLES,
  SOURCE_LABELS,
  formatSize,
  referralBody,
  referralFormValues,
  type ReferralFormValues,
} from './referral-words';
import { useSiteToday } from './use-site-today';
import { readBase64 } from '../../api/file-base64';

const ACCEPT: readonly ReferralDocumentMediaType[] = ['application/pdf', 'image/png', 'image/jpeg'];
const MAX_MB = REFERRAL_LIMITS.documentMaxBytes / (1024 * 1024);

/**
 * The referral of one enrollment: where it came from, who referred the patient and why, and the
 * documents that came with it. Coordinators and medical directors edit the details and add
 * documents; the care team reads them and downloads the documents.
 */
export function ReferralCard({ enrollmentId }: { enrollmentId: string }) {
  const { state, data, reload, replace } = useResource(
    `referral:${enrollmentId}`,
    () => getReferral(enrollmentId),
    'The referral could not be loaded.',
  );
  const mayKeep = useRoles().has(...REFERRAL_KEEPER_ROLES);
  const [editing, setEditing] = useState(false);
  return (
    <SectionCard
      title="Referral"
      testId="referral"
      action={
        mayKeep &&
        data !== undefined &&
        !editing && (
          <Button size="xs" variant="light" className="no-print" onClick={() => setEditing(true)}>
            {data.details === null ? 'Add details' : 'Edit'}
          </Button>
        )
      }
    >
      <LoadError state={state} />
      {data !== undefined &&
        (editing ? (
          <ReferralForm
            referral={data}
            onCancel={() => setEditing(false)}
            onSaved={(r) => {
              replace(r);
              setEditing(false);
            }}
          />
        ) : (
          <ReferralDetailsView referral={data} />
        ))}
      {data !== undefined && <ReferralDocuments referral={data} mayUpload={mayKeep} onUploaded={reload} />}
    </SectionCard>
  );
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}:{' '}
      </Text>
      {children}
    </Text>
  );
}

function ReferralDetailsView({ referral }: { referral: Referral }) {
  const d = referral.details;
  if (d === null) return <NoneRecorded text="No referral details recorded." />;
  const c = d.clinician;
  const contact = [c.organisation, c.phone, c.email].filter((x): x is string => x !== null);
  return (
    <Stack gap={4} data-testid="referral-details">
      <Line label="Referred by">{d.source === null ? 'not recorded' : SOURCE_LABELS[d.source]}</Line>
      {(c.name !== null || contact.length > 0) && (
        <Line label="Referring clinician">
          {c.name ?? 'name not recorded'}
          {contact.length > 0 && ` · ${contact.join(' · ')}`}
        </Line>
      )}
      <Line label="Reason">{d.reason ?? 'not recorded'}</Line>
      <Line label="Received">{d.receivedOn === null ? 'date not recorded' : formatDate(d.receivedOn)}</Line>
      <Text size="xs" c="dimmed">
        Last changed {formatInstant(d.updatedAt)}
        {d.updatedBy === null ? '' : ` by ${d.updatedBy}`}
      </Text>
    </Stack>
  );
}

function ReferralForm({ referral, onCancel, onSaved }: { referral: Referral; onCancel: () => void; onSaved: (r: Referral) => void }) {
  const today = useSiteToday();
  const [values, setValues] = useState<ReferralFormValues>(() => referralFormValues(referral.details, today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="no-print"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const { body, errors: problems } = referralBody(values);
        setErrors(problems);
        if (Object.keys(problems).length > 0) return;
        setBusy(true);
        setError(undefined);
        putReferral(referral.enrollmentId, body).then(
          (saved) => {
            setBusy(false);
            onSaved(saved);
          },
          (err: unknown) => {
            setBusy(false);
            setErrors(fieldErrors(err));
            setError(errorText(err, 'The referral details were not saved.'));
          },
        );
      }}
    >
      <Stack gap="xs">
        <ReferralFields
          values={values}
          onChange={(v) => {
            setValues(v);
            setErrors({});
          }}
          errors={errors}
        />
        {error !== undefined && (
          <Alert color="red" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={busy}>
            Save referral details
          </Button>
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ReferralDocuments({ referral, mayUpload, onUploaded }: { referral: Referral; mayUpload: boolean; onUploaded: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | null) => {
    if (file === null) return;
    setError(undefined);
    if (file.size === 0) return setError('That file is empty.');
    if (file.size > REFERRAL_LIMITS.documentMaxBytes) return setError(`That file is larger than ${MAX_MB} MB, the most a document may be.`);
    setBusy(true);
    try {
      await uploadReferralDocument(referral.enrollmentId, file.name, await readBase64(file));
      onUploaded();
    } catch (err) {
      const byField = fieldErrors(err);
      setError(byField.content ?? byField.fileName ?? errorText(err, 'The document was not added.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} data-testid="referral-documents">
      <Text size="sm" fw={600}>
        Documents
      </Text>
      {referral.documents.length === 0 ? (
        <NoneRecorded text="No documents." />
      ) : (
        <List size="sm" spacing={2}>
          {referral.documents.map((d) => (
            <List.Item key={d.id} data-testid="referral-document">
              <Anchor href={referralDocumentUrl(referral.enrollmentId, d.id)} download size="sm">
                {d.fileName}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                {MEDIA_TYPE_LABELS[d.mediaType]}, {formatSize(d.sizeBytes)} · added {formatInstant(d.uploadedAt)}
                {d.uploadedBy === null ? '' : ` by ${d.uploadedBy}`}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {mayUpload && (
        <Group gap="xs" className="no-print">
          <FileButton onChange={(f) => void upload(f)} accept={ACCEPT.join(',')}>
            {(props) => (
              <Button {...props} size="xs" variant="light" loading={busy}>
                Add a document
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            PDF, PNG or JPEG, up to {MAX_MB} MB
          </Text>
        </Group>
      )}
      {error !== undefined && (
        <Alert color="red" p="xs" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
