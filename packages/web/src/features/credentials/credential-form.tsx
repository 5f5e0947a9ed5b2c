import { Button, FileInput, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/client';
import { readBase64 } from '../../api/file-base64';
import { errorText } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';
import { recordCredential, type Credential, type CredentialBody } from './credentials-api';
import { KIND_OPTIONS, LICENCE_TYPE_OPTIONS, STATE_OPTIONS } from './credential-words';

type Kind = CredentialBody['kind'];

/**
 * Records one credential of a staff member: what it is, for a licence its type, for a licence or a
 * DEA registration its state and number, the dates, and the scanned copy (PDF, PNG or JPEG). The
 * server checks the DEA check digit, the state and the dates; its words show under the field.
 */
export function CredentialForm({
  userId,
  siteState,
  onAdded,
}: {
  userId: string;
  siteState: string | null;
  onAdded: (c: Credential) => void;
}) {
  const [kind, setKind] = useState<Kind>('licence');
  const [licenceType, setLicenceType] = useState('RN');
  const [state, setState] = useState(siteState ?? 'NY');
  const [number, setNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const perState = kind === 'licence' || kind === 'dea';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      const body: CredentialBody = {
        kind,
        expiresOn,
        ...(kind === 'licence' ? { licenceType: licenceType } : {}),
        ...(perState ? { state } : {}),
        ...(number.trim() !== '' ? { number: number.trim() } : {}),
        ...(issuedOn !== '' ? { issuedOn } : {}),
        ...(file !== null ? { document: { fileName: file.name, content: await readBase64(file) } } : {}),
      };
      const added = await recordCredential(userId, body);
      setNumber('');
      setIssuedOn('');
      setExpiresOn('');
      setFile(null);
      onAdded(added);
    } catch (err) {
      const byField = fieldErrors(err);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  // The server names the field (`body.number`, `body.document.content`): the form knows its last part.
  const fieldError = (name: string) => errors[name] ?? (name === 'document' ? errors.content : undefined);

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Record a credential" data-testid="credential-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label="Credential"
            value={kind}
            onChange={(e) => {
              // A number typed for another kind (a DEA number, a licence number) is not this one's.
              setKind(e.currentTarget.value as Kind);
              setNumber('');
              setErrors({});
            }}
            data={KIND_OPTIONS}
          />
          {kind === 'licence' && (
            <NativeSelect
              label="Licence type"
              value={licenceType}
              onChange={(e) => setLicenceType(e.currentTarget.value)}
              data={LICENCE_TYPE_OPTIONS}
              error={fieldError('licenceType')}
            />
          )}
          {perState && (
            <NativeSelect
              label="State"
              value={state}
              onChange={(e) => setState(e.currentTarget.value)}
              data={STATE_OPTIONS}
              error={fieldError('state')}
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={kind === 'dea' ? 'DEA number' : kind === 'licence' ? 'Licence number' : 'Card number (optional)'}
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            required={perState}
            error={fieldError('number')}
          />
          <TextInput
            label="Issued on (optional)"
            type="date"
            value={issuedOn}
            onChange={(e) => setIssuedOn(e.currentTarget.value)}
            error={fieldError('issuedOn')}
          />
          <TextInput
            label="Expires on"
            type="date"
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.currentTarget.value)}
            required
            error={fieldError('expiresOn')}
          />
        </SimpleGrid>
        <FileInput
          label="Scanned copy (PDF, PNG or JPEG, at most 10 MB)"
          placeholder="Choose a file"
          accept="application/pdf,image/png,image/jpeg"
          value={file}
          onChange={setFile}
          clearable
          error={fieldError('document')}
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Record credential
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
