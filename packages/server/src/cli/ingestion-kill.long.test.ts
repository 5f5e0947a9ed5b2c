/**
 * Faults: SIGKILL of the server while a monitor is posting readings loses no acknowledged reading,
 * on the embedded database and on PostgreSQL, through the JSON device route and over HL7 v2 (MLLP,
 * issue 26). The server runs as a child process in demo mode (so a session is infusing); readings
 * are sent one by one; every reading answered 200 (or acknowledged AA) must be there after a restart.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientIdOf, hl7OruOfReading } from '@kairos/core';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, describeOnPostgres } from '../../test/engines.js';
import { spawnKairos, waitForExit, waitForLine } from '../../test/spawn.js';

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; hl7Port: number; exit: ReturnType<typeof waitForExit> }> {
  // The HL7 listener on a port of the system's choosing, as the serve command prints it.
  const child = spawnKairos(['serve', '--port', '0'], { KAIROS_MODE: 'demo', LOG_LEVEL: 'warn', KAIROS_HL7_PORT: '0', ...env });
  const exit = waitForExit(child);
  let printed = '';
  child.stderr?.on('data', (d: Buffer) => (printed += d.toString()));
  // The listener's line comes after the address's.
  const hl7Line = await waitForLine(child, /HL7 v2 \(MLLP\) listener on port (\d+)/, 90_000);
  const url = /Kairos is running at (http:\/\/\S+)/.exec(printed)?.[1] as string;
  return { child, url, hl7Port: Number(/port (\d+)/.exec(hl7Line)?.[1]), exit };
}

async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'kairos-demo-2026' }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function readingsOf(url: string, sessionId: string): Promise<Set<string>> {
  const nurse = await signIn(url, 'nurse@demo.test');
  const res = await fetch(`${url}/api/sessions/${sessionId}`, { headers: { cookie: nurse.cookie } });
  expect(res.status).toBe(200);
  return new Set(((await res.json()) as { readings: { clientId: string }[] }).readings.map((r) => r.clientId));
}

/** A device token of the demo's site, and the demo's infusing session, on a running server. */
async function monitorOfInfusion(server: { url: string }): Promise<{ token: string; sessionId: string; mrn: string }> {
  const admin = await signIn(server.url, 'admin@demo.test');
  const sites = (await (await fetch(`${server.url}/api/sites`, { headers: { cookie: admin.cookie } })).json()) as {
    items: { id: string }[];
  };
  const siteId = sites.items[0]?.id as string;
  const tokenRes = await fetch(`${server.url}/api/device-tokens`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ siteId, name: 'kill test' }),
  });
  const token = ((await tokenRes.json()) as { token: string }).token;
  const coordinator = await signIn(server.url, 'coordinator@demo.test');
  // A day either side: the demo's live infusion is today's dosing, booked in the site's morning.
  const from = new Date(Date.now() - 24 * 3_600_000).toISOString();
  const to = new Date(Date.now() + 24 * 3_600_000).toISOString();
  const board = (await (
    await fetch(`${server.url}/api/sessions?siteId=${siteId}&from=${from}&to=${to}`, { headers: { cookie: coordinator.cookie } })
  ).json()) as { items: { sessionId: string; state: string; patient: { mrn: string | null } }[] };
  const infusing = board.items.find((i) => i.state === 'infusing');
  expect(infusing?.patient.mrn).toBeDefined();
  return { token, sessionId: infusing?.sessionId as string, mrn: infusing?.patient.mrn as string };
}

/** Posts one reading; its status, or undefined when the connection died. */
async function postReading(url: string, token: string, sessionId: string, clientId: string): Promise<number | undefined> {
  const res = await fetch(`${url}/api/device/sessions/${sessionId}/vitals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      readings: [
        { clientId, measuredAt: new Date().toISOString(), systolic: 122, diastolic: 80, heartRate: 70, spo2: 98, respiratoryRate: 14 },
      ],
    }),
  }).catch(() => undefined);
  return res?.status;
}

function runKillTest(env: () => Record<string, string>): void {
  it('every acknowledged reading survives SIGKILL of the server, twice', async () => {
    let server = await startServer(env());
    const { token, sessionId } = await monitorOfInfusion(server);
    const acked: string[] = [];
    for (let round = 0; round < 2; round++) {
      let n = 0;
      let killed = false;
      while (!killed) {
        const clientId = `kill-${round}-${n++}`;
        const post = fetch(`${server.url}/api/device/sessions/${sessionId}/vitals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            readings: [
              {
                clientId,
                measuredAt: new Date().toISOString(),
                systolic: 120 + (n % 10),
                diastolic: 80,
                heartRate: 70,
                spo2: 98,
                respiratoryRate: 14,
              },
            ],
          }),
        });
        if (n === 25) {
          // Kill while this request is in flight.
          server.child.kill('SIGKILL');
          killed = true;
        }
        const res = await post.catch(() => undefined);
        if (res?.status === 200) acked.push(clientId);
      }
      await server.exit;
      server = await startServer(env());
      const stored = await readingsOf(server.url, sessionId);
      expect(
        acked.filter((id) => !stored.has(id)),
        `round ${round + 1}: acknowledged readings lost`,
      ).toEqual([]);
    }
    expect(acked.length).toBeGreaterThanOrEqual(40);
    server.child.kill('SIGTERM');
    await server.exit;
  }, 240_000);

  it('a group of monitors killed between its INSERT and its COMMIT: nothing of it stored, nothing acknowledged', async () => {
    // The server holds each group 4 s between its INSERT and its COMMIT (demo and test modes only).
    let server = await startServer({ ...env(), KAIROS_TEST_HOLD_GROUP_COMMIT_MS: '4000' });
    const { token, sessionId } = await monitorOfInfusion(server);
    expect(await postReading(server.url, token, sessionId, 'group-alone')).toBe(200);
    // A first monitor's request is stored alone and held; seven more arrive meanwhile and wait (on
    // PostgreSQL the second goes alone too: two groups run at once). When the first commits, the
    // waiting ones go together, held before their commit: the server is killed then.
    const ids = Array.from({ length: 8 }, (_, i) => `group-kill-${i}`);
    const answers = [postReading(server.url, token, sessionId, 'group-kill-0')];
    await new Promise((r) => setTimeout(r, 300));
    answers.push(...ids.slice(1).map((id) => postReading(server.url, token, sessionId, id)));
    expect(await answers[0]).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    server.child.kill('SIGKILL');
    const statuses = await Promise.all(answers);
    await server.exit;
    const acked = ids.filter((_, i) => statuses[i] === 200);
    const held = ids.filter((_, i) => statuses[i] !== 200);
    expect(acked).toContain('group-kill-0');
    expect(held.length, 'a group held before its commit').toBeGreaterThanOrEqual(5);
    server = await startServer(env());
    const stored = await readingsOf(server.url, sessionId);
    expect(stored.has('group-alone')).toBe(true);
    expect(
      acked.filter((id) => !stored.has(id)),
      'acknowledged readings lost',
    ).toEqual([]);
    expect(
      held.filter((id) => stored.has(id)),
      'readings of the uncommitted group stored',
    ).toEqual([]);
    server.child.kill('SIGTERM');
    await server.exit;
  }, 240_000);
}

/** The same over HL7 v2 (MLLP): a monitor gateway sends ORU^R01 messages one by one; every one acknowledged AA must be stored. */
function runMllpKillTest(env: () => Record<string, string>): void {
  it('every reading acknowledged AA over MLLP survives SIGKILL of the server', async () => {
    let server = await startServer(env());
    const { sessionId, mrn } = await monitorOfInfusion(server);
    const acked: string[] = [];
    const client = new Hl7Client({ host: '127.0.0.1', port: server.hl7Port });
    let n = 0;
    let killed = false;
    while (!killed) {
      const controlId = `mllp-kill-${n++}`;
      // HL7 times are to the second here (the message carries no fraction).
      const measuredAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const sent = client
        .sendAndWait(
          Hl7Message.parse(
            hl7OruOfReading({
              mrn,
              controlId,
              sentAt: new Date(),
              reading: { measuredAt, systolic: 120 + (n % 10), diastolic: 80, heartRate: 70, spo2: 98, respiratoryRate: 14 },
            }),
          ),
          { timeoutMs: 20_000 },
        )
        .then((ack) => ack.getSegment('MSA')?.getField(1)?.toString())
        .catch(() => undefined);
      if (n === 25) {
        // Kill while this message is being recorded.
        server.child.kill('SIGKILL');
        killed = true;
      }
      if ((await sent) === 'AA') acked.push(clientIdOf(controlId, measuredAt.toISOString()));
    }
    await client.close();
    await server.exit;
    expect(acked.length).toBeGreaterThanOrEqual(20);
    server = await startServer(env());
    const stored = await readingsOf(server.url, sessionId);
    expect(
      acked.filter((id) => !stored.has(id)),
      'acknowledged readings lost',
    ).toEqual([]);
    server.child.kill('SIGTERM');
    await server.exit;
  }, 240_000);
}

describe('SIGKILL during ingestion [pglite]', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kairos-ingest-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  runKillTest(() => ({ KAIROS_DATA_DIR: dataDir }));
  runMllpKillTest(() => ({ KAIROS_DATA_DIR: dataDir }));
});

describeOnPostgres('SIGKILL during ingestion', (baseUrl) => {
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    scratch = await createScratchPostgres(baseUrl());
  });
  afterAll(async () => scratch?.drop());
  runKillTest(() => ({ DATABASE_URL: (scratch as { url: string }).url }));
  runMllpKillTest(() => ({ DATABASE_URL: (scratch as { url: string }).url }));
});
