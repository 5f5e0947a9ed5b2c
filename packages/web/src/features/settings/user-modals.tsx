import { Button, Checkbox, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { StaffAccountCreateBodySchema, type Role } from '@kairos/api';
import { useState, type ReactNode } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { roleLabel } from '../sign-in/sign-in-types';
import { saveStaffBilling, sentence } from './billing-api';
import type { Site } from './settings-api';
import {
  changeRoles,
  changeSite,
  createStaffAccount,
  deactivate,
  purposeOf,
  reactivate,
  resetPassword,
  resetSecondFactor,
  ROLE_HINTS,
  ROLES,
  type StaffAccount,
  type StaffAccountAct,
} from './users-api';

/** What the Users page has open: one act on one account (or a new account), or a clinician's billing details. */
export type UserAct =
  { act: 'create' } | { act: Exclude<StaffAccountAct, 'create'>; account: StaffAccount } | { act: 'billing'; account: StaffAccount };

/**
 * A modal for one act: its fields, then the administrator confirms with their own password (the
 * step-up dialog, as for signing a protocol), then the change is sent with that proof.
 */
function ActModal({
  title,
  act,
  submitLabel,
  danger = false,
  canSubmit,
  confirmDescription,
  send,
  onClose,
  onDone,
  children,
}: {
  title: string;
  act: StaffAccountAct;
  submitLabel: string;
  danger?: boolean;
  canSubmit: boolean;
  /** What the administrator is confirming, in the step-up dialog. */
  confirmDescription: string;
  send: (stepUpToken: string) => Promise<StaffAccount>;
  onClose: () => void;
  onDone: (account: StaffAccount) => void;
  children: ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal opened onClose={onClose} title={title} centered size="lg">
      <form
        noValidate
        data-testid={`user-${act}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          setError(undefined);
          if (canSubmit) setConfirming(true);
        }}
      >
        <Stack>
          {children}
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={busy} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
      <StepUpDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        purpose={purposeOf[act]}
        who="self"
        title="Confirm it is you"
        description={confirmDescription}
        onVerified={(token) => {
          setConfirming(false);
          setBusy(true);
          send(token).then(
            (account) => {
              setBusy(false);
              onDone(account);
            },
            (e: unknown) => {
              setBusy(false);
              setError(errorText(e, 'The change was not saved.'));
            },
          );
        }}
      />
    </Modal>
  );
}

function RolesField({ value, onChange }: { value: Role[]; onChange: (roles: Role[]) => void }) {
  return (
    <Checkbox.Group label="Roles" description="A person may hold several." value={value} onChange={(v) => onChange(v)}>
      <Stack gap={6} mt="xs">
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={`${roleLabel(r)}: ${ROLE_HINTS[r]}`} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

const siteOptions = (sites: Site[]) => sites.map((s) => ({ value: s.id, label: s.name }));

/** The first field the contract refuses, by name, or undefined when the new account is acceptable. */
function createProblems(values: { email: string; displayName: string; roles: Role[]; siteId: string; password: string }) {
  const parsed = StaffAccountCreateBodySchema.safeParse({ ...values, stepUpToken: 'x' });
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    out[field] ??= issue.message;
  }
  return out;
}

function CreateModal({ sites, onClose, onDone }: { sites: Site[]; onClose: () => void; onDone: (a: StaffAccount) => void }) {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [siteId, setSiteId] = useState<string>(sites.length === 1 ? (sites[0]?.id ?? '') : '');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const values = { displayName, email, roles, siteId, password };
  const problems: Record<string, string | undefined> = createProblems(values);
  const shown = (field: string) => (touched[field] === true ? problems[field] : undefined);
  const touch = (field: string) => () => setTouched((t) => ({ ...t, [field]: true }));
  return (
    <ActModal
      title="New user"
      act="create"
      submitLabel="Create user"
      canSubmit={Object.keys(problems).length === 0}
      confirmDescription={`You are creating an account for ${displayName.trim() || 'this person'}.`}
      send={(token) => createStaffAccount({ ...values, displayName: displayName.trim(), email: email.trim(), stepUpToken: token })}
      onClose={onClose}
      onDone={onDone}
    >
      <TextInput
        label="Full name"
        value={displayName}
        onChange={(e) => setDisplayName(e.currentTarget.value)}
        onBlur={touch('displayName')}
        error={shown('displayName')}
        maxLength={200}
        data-autofocus
      />
      <TextInput
        label="Email"
        type="email"
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        onBlur={touch('email')}
        error={shown('email')}
      />
      <RolesField value={roles} onChange={setRoles} />
      <Select
        label="Site"
        description="They see only this site’s patients and schedule."
        data={siteOptions(sites)}
        value={siteId || null}
        onChange={(v) => setSiteId(v ?? '')}
        allowDeselect={false}
      />
      <PasswordInput
        label="First password"
        description="At least 12 characters and hard to guess. Give it to the person yourself, not by email."
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
    </ActModal>
  );
}

function RolesModal({ account, onClose, onDone }: { account: StaffAccount; onClose: () => void; onDone: (a: StaffAccount) => void }) {
  const [roles, setRoles] = useState<Role[]>(account.roles);
  const same = roles.length === account.roles.length && roles.every((r) => account.roles.includes(r));
  return (
    <ActModal
      title={`Change roles: ${account.displayName}`}
      act="roles"
      submitLabel="Save roles"
      canSubmit={roles.length > 0 && !same}
      confirmDescription={`New roles for ${account.displayName}: ${roles.map(roleLabel).join(', ')}.`}
      send={(token) => changeRoles(account.id, roles, token)}
      onClose={onClose}
      onDone={onDone}
    >
      <RolesField value={roles} onChange={setRoles} />
      {roles.length === 0 && (
        <Text c="red" size="sm">
          Choose at least one role.
        </Text>
      )}
      <Text size="sm">The new roles apply from their next click.</Text>
    </ActModal>
  );
}

function SiteModal({
  account,
  sites,
  onClose,
  onDone,
}: {
  account: StaffAccount;
  sites: Site[];
  onClose: () => void;
  onDone: (a: StaffAccount) => void;
}) {
  const [siteId, setSiteId] = useState(account.siteId ?? '');
  const name = sites.find((s) => s.id === siteId)?.name ?? 'the site';
  return (
    <ActModal
      title={`Change site: ${account.displayName}`}
      act="site"
      submitLabel="Move to this site"
      canSubmit={siteId !== '' && siteId !== account.siteId}
      confirmDescription={`${account.displayName} will work at ${name}.`}
      send={(token) => changeSite(account.id, siteId, token)}
      onClose={onClose}
      onDone={onDone}
    >
      <Select label="Site" data={siteOptions(sites)} value={siteId || null} onChange={(v) => setSiteId(v ?? '')} allowDeselect={false} />
      <Text size="sm">From their next click they see only {name}’s patients and schedule.</Text>
    </ActModal>
  );
}

function PasswordModal({ account, onClose, onDone }: { account: StaffAccount; onClose: () => void; onDone: (a: StaffAccount) => void }) {
  const [password, setPassword] = useState('');
  return (
    <ActModal
      title={`Reset password: ${account.displayName}`}
      act="password"
      submitLabel="Set password"
      canSubmit={password.length > 0}
      confirmDescription={`You are setting a new password for ${account.displayName}.`}
      send={(token) => resetPassword(account.id, password, token)}
      onClose={onClose}
      onDone={onDone}
    >
      <Text size="sm">
        Their old password stops working and they are signed out everywhere. Give them the new password yourself, not by email; they keep it
        until it is changed again.
      </Text>
      <PasswordInput
        label="New password"
        description="At least 12 characters and hard to guess."
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        data-autofocus
      />
    </ActModal>
  );
}

const CONFIRM_ACTS = {
  secondFactor: {
    title: 'Reset second factor',
    submit: 'Reset second factor',
    danger: true,
    text: (n: string) =>
      `${n}’s authenticator app will no longer be asked for and they are signed out everywhere. Do this only when they lost both their phone and their recovery codes, and you know it is them asking. They set up a new one at their next sign-in.`,
    send: resetSecondFactor,
  },
  deactivate: {
    title: 'Deactivate',
    submit: 'Deactivate',
    danger: true,
    text: (n: string) =>
      `${n} is signed out now and can no longer sign in or confirm anything. Nothing they recorded is removed, and you can reactivate the account later.`,
    send: deactivate,
  },
  reactivate: {
    title: 'Reactivate',
    submit: 'Reactivate',
    danger: false,
    text: (n: string) => `${n} can sign in again with their password.`,
    send: reactivate,
  },
} as const;

function ConfirmModal({
  act,
  account,
  onClose,
  onDone,
}: {
  act: keyof typeof CONFIRM_ACTS;
  account: StaffAccount;
  onClose: () => void;
  onDone: (a: StaffAccount) => void;
}) {
  const c = CONFIRM_ACTS[act];
  return (
    <ActModal
      title={`${c.title}: ${account.displayName}`}
      act={act}
      submitLabel={c.submit}
      danger={c.danger}
      canSubmit
      confirmDescription={`${c.title}: ${account.displayName}.`}
      send={(token) => c.send(account.id, token)}
      onClose={onClose}
      onDone={onDone}
    >
      <Text>{c.text(account.displayName)}</Text>
    </ActModal>
  );
}

/**
 * A clinician's type 1 NPI and licence, as the superbills of the services they render name them
 * (no step-up: no access changes). The server checks the NPI's check digit; its words go under the field.
 */
function BillingModal({ account, onClose, onDone }: { account: StaffAccount; onClose: () => void; onDone: (a: StaffAccount) => void }) {
  const [npi, setNpi] = useState(account.npi ?? '');
  const [licence, setLicence] = useState(account.licence ?? '');
  const [errors, setErrors] = useState<{ npi?: string; licence?: string }>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const check = (): { npi?: string; licence?: string } => {
    const out: { npi?: string; licence?: string } = {};
    if (npi.trim() !== '' && !/^\d{10}$/.test(npi.trim())) out.npi = 'An NPI is 10 digits (e.g. 1234567893).';
    const l = licence.trim();
    if (l !== '' && (l.length < 2 || l.length > 100)) out.licence = 'A licence is 2 to 100 characters.';
    return out;
  };
  const save = async () => {
    const problems = check();
    setErrors(problems);
    setError(undefined);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const saved = await saveStaffBilling(account.id, {
        npi: npi.trim() === '' ? null : npi.trim(),
        licence: licence.trim() === '' ? null : licence.trim(),
      });
      onDone({ ...account, npi: saved.npi, licence: saved.licence });
    } catch (err) {
      const byField = fieldErrors(err);
      const known: { npi?: string; licence?: string } = {};
      if (byField.npi !== undefined) known.npi = sentence(byField.npi);
      if (byField.licence !== undefined) known.licence = sentence(byField.licence);
      setErrors(known);
      if (Object.keys(known).length === 0) setError(errorText(err, 'The billing details were not saved.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Billing details: ${account.displayName}`} centered size="lg">
      <form
        noValidate
        data-testid="user-billing-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Text size="sm">The superbill of each service {account.displayName} renders names them with this NPI and licence.</Text>
          <TextInput
            label="NPI (type 1)"
            description="The clinician’s own 10-digit National Provider Identifier; empty: none"
            inputMode="numeric"
            maxLength={10}
            value={npi}
            onChange={(e) => setNpi(e.currentTarget.value)}
            error={errors.npi}
            data-autofocus
          />
          <TextInput
            label="Licence"
            description="As a superbill names it, e.g. NY LCSW 012345; empty: none"
            maxLength={100}
            value={licence}
            onChange={(e) => setLicence(e.currentTarget.value)}
            error={errors.licence}
          />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save billing details
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The modal of the act the Users page has open. */
export function UserActModal({
  open,
  sites,
  onClose,
  onDone,
}: {
  open: UserAct | undefined;
  sites: Site[];
  onClose: () => void;
  onDone: (a: StaffAccount, what: string) => void;
}) {
  if (open === undefined) return null;
  if (open.act === 'create')
    return (
      <CreateModal
        sites={sites}
        onClose={onClose}
        onDone={(a) => onDone(a, `${a.displayName} can now sign in with the password you set.`)}
      />
    );
  const { account } = open;
  const done = (what: string) => (a: StaffAccount) => onDone(a, what);
  switch (open.act) {
    case 'roles':
      return <RolesModal account={account} onClose={onClose} onDone={done(`Roles of ${account.displayName} changed.`)} />;
    case 'site':
      return <SiteModal account={account} sites={sites} onClose={onClose} onDone={done(`${account.displayName} moved.`)} />;
    case 'billing':
      return <BillingModal account={account} onClose={onClose} onDone={done(`Billing details of ${account.displayName} saved.`)} />;
    case 'password':
      return (
        <PasswordModal
          account={account}
          onClose={onClose}
          onDone={done(`New password set for ${account.displayName}; they were signed out.`)}
        />
      );
    default:
      return (
        <ConfirmModal
          act={open.act}
          account={account}
          onClose={onClose}
          onDone={done(
            open.act === 'deactivate'
              ? `${account.displayName} is deactivated.`
              : open.act === 'reactivate'
                ? `${account.displayName} is active again.`
                : `Second factor of ${account.displayName} removed.`,
          )}
        />
      );
  }
}
