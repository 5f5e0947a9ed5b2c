import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/use-resource';
import { ClashList } from './clash-list';
import { CredentialOverride } from '../credentials/credential-override';
import { PROGRAM_ROLES } from '@kairos/api';
import { localDateOf, type ProgramRole } from '@kairos/core';
import {
  clashesOf,
  rescheduleEvent,
  type EventRescheduleBody,
  type ScheduleClash,
  type ScheduleEvent,
  type ScheduleStaffChoice,
  type Site,
  type StaffDirectoryEntry,
} from './schedule-api';
import { siteLocalToIso } from '../dosing-session/site-datetime';
import { formatTime } from './site-time';
import { StaffSelect } from './staff-select';
import { resourcesOf, type StaffPools } from './use-schedule-data';

/** The pool of a role, with the person booked now even when they are no longer in it. */
function withCurrent(pool: StaffDirectoryEntry[], event: ScheduleEvent, role: ProgramRole): StaffDirectoryEntry[] {
  const now = event.staff.find((s) => s.role === role);
  return now === undefined || pool.some((p) => p.id === now.userId)
    ? pool
    : [...pool, { id: now.userId, displayName: now.name, roles: [] }];
}

interface Props {
  event: ScheduleEvent;
  site: Site;
  pools: StaffPools | undefined;
  onDone: () => void;
  onCancel: () => void;
}

/** Moves an event: another start (at the site), chair or room, or staff; with a reason. A 409 lists the clashes. */
export function RescheduleForm({ event, site, pools, onDone, onCancel }: Props) {
  const tz = site.timeZone;
  const initialStaff: ScheduleStaffChoice = Object.fromEntries(event.staff.map((s) => [s.role, s.userId]));
  const [date, setDate] = useState(localDateOf(event.startsAt, tz));
  const [time, setTime] = useState(formatTime(event.startsAt, tz));
  const [place, setPlace] = useState(event.chair?.id ?? event.room?.id ?? '');
  const [staff, setStaff] = useState<ScheduleStaffChoice>(initialStaff);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [clashes, setClashes] = useState<ScheduleClash[]>();
  const [busy, setBusy] = useState(false);
  const { chairs, rooms } = resourcesOf(site, [place]);
  const roles = PROGRAM_ROLES.filter((r) => event.staff.some((s) => s.role === r));

  const change = (): EventRescheduleBody | string => {
    // Read at the site through core's calendar: 2026-02-30 or 25:00 is no date and time.
    const startsAt = siteLocalToIso(`${date}T${time}`, tz);
    if (startsAt === undefined) return 'Give a date and a time.';
    const out: EventRescheduleBody = { reason: reason.trim() };
    if (new Date(startsAt).getTime() !== new Date(event.startsAt).getTime()) out.startsAt = startsAt;
    if (event.chair !== null && place !== event.chair.id) out.chairId = place;
    if (event.room !== null && place !== event.room.id) out.roomId = place;
    const moved = Object.fromEntries(roles.filter((r) => staff[r] !== initialStaff[r] && staff[r] !== undefined).map((r) => [r, staff[r]]));
    if (Object.keys(moved).length > 0) out.staff = moved;
    if (Object.keys(out).length === 1) return 'Nothing changed: pick another time, place or person.';
    if (out.reason.length < 3) return 'Give a reason (at least 3 characters).';
    return out;
  };

  const send = async (override?: { reason: string; stepUpToken: string }) => {
    const c = change();
    setClashes(undefined);
    if (typeof c === 'string') return setError(c);
    setError(undefined);
    setBusy(true);
    try {
      await rescheduleEvent(event.id, override === undefined ? c : { ...c, credentialOverride: override });
      onDone();
    } catch (err) {
      const found = clashesOf(err);
      if (found !== undefined) setClashes(found);
      else setError(errorText(err));
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };
  // Only lapsed credentials in the way: the medical director may let the assignment through.
  const onlyCredentials = clashes !== undefined && clashes.length > 0 && clashes.every((c) => c.rule === 'credential-lapsed');

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <SimpleGrid cols={3}>
          <TextInput size="xs" type="date" label="Date (at the site)" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          <TextInput size="xs" type="time" label={`Start (${tz})`} value={time} onChange={(e) => setTime(e.currentTarget.value)} />
          <NativeSelect
            size="xs"
            label={event.chair !== null ? 'Chair' : 'Room'}
            value={place}
            onChange={(e) => setPlace(e.currentTarget.value)}
            data={(event.chair !== null ? chairs : rooms).map((r) => ({ value: r.id, label: r.label }))}
          />
        </SimpleGrid>
        {roles.length > 0 && pools !== undefined && (
          <SimpleGrid cols={3}>
            {roles.map((r) => (
              <StaffSelect
                key={r}
                role={r}
                pool={withCurrent(pools[r], event, r)}
                value={staff[r]}
                onChange={(id) => setStaff({ ...staff, [r]: id })}
              />
            ))}
          </SimpleGrid>
        )}
        <Textarea
          label="Reason for the change"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
        />
        {error !== undefined && <Alert color="red">{error}</Alert>}
        {clashes !== undefined && <ClashList clashes={clashes} timeZone={tz} title="This change clashes: nothing was changed" />}
        {onlyCredentials && <CredentialOverride onOverride={(o) => void send(o)} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Back
          </Button>
          <Button type="submit" loading={busy}>
            Save change
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
