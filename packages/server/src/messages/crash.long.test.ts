/**
 * A resend after a crash is the same email: the sender runs in a child process against a capture
 * server in this process; when the message has arrived, the capture server kills the child with
 * SIGKILL before it answers, so the SMTP server holds the message and the row was never marked
 * sent. A restarted sender leaves it alone while the claim's lease runs, then sends it again: the
 * capture holds that message's one Message-ID (twice), never two different ones, and the row
 * ends sent. On PGlite (a data dir) and on PostgreSQL.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, describeOnPostgres } from '../../test/engines.js';
import { spawnTs, waitForExit } from '../../test/spawn.js';
import { openEmbedded, openPostgres, restoreEmbedded, type Database } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { startMailCapture } from './capture.js';
import { enqueueMessage, SYSTEM_CAUSE } from './outbox.js';
import { MESSAGE_DELIVERY } from './sender.js';
import { credential } from './templates.js';

const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);

async function seedMessage(database: Database): Promise<{ id: string; messageId: string }> {
  const db = database.db;
  const site = await db.insertInto('site').values({ name: 'Crash Test Clinic', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
  const patient = await db
    .insertInto('patient')
    .values({
      site_id: site.id,
      mrn: 'CRASH-1',
      given_name: 'Robin',
      family_name: 'Vale',
      birth_date: '1975-05-06',
      email: 'robin.vale@patients.example',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db.transaction().execute((tx) =>
    enqueueMessage(tx, {
      patientId: patient.id,
      siteId: site.id,
      kind: 'portal-link',
      dedupeKey: 'portal-link:crash-test',
      toAddress: 'robin.vale@patients.example',
      content: {
        subject: 'Your link to the portal',
        body: `Open this link: ${credential('link', '/portal/enter?token=crash-test-token-0123456789')}`,
      },
      messageIdDomain: 'kairos.invalid',
      now: new Date(T0),
      cause: SYSTEM_CAUSE,
    }),
  );
}

async function readRow(open: () => Promise<Database>, id: string) {
  const database = await open();
  try {
    return await database.db
      .selectFrom('message')
      .select(['state', 'attempts', 'next_attempt_at', 'message_id', 'body'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  } finally {
    await database.close();
  }
}

function crashTest(open: () => Promise<Database>, env: () => Record<string, string>): void {
  it('one Message-ID in the capture after a SIGKILL between the SMTP server’s acceptance and marking the row sent', async () => {
    const seeding = await open();
    const message = await seedMessage(seeding).finally(() => seeding.close());
    let victim: ChildProcess | undefined;
    const capture = await startMailCapture({
      // The first message: kill the sender before it hears the reply, and wait until it is gone.
      beforeReply: async () => {
        const child = victim;
        victim = undefined;
        if (child === undefined) return;
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
      },
    });
    try {
      const sender = (nowMs: number) =>
        spawnTs('test/fixtures/deliver-messages.ts', {
          ...env(),
          SMTP_PORT: String(capture.port),
          NOW_MS: String(nowMs),
          LOG_LEVEL: 'silent',
        });

      const first = sender(T0 + 1000);
      victim = first;
      const killed = await waitForExit(first);
      expect(killed.signal).toBe('SIGKILL');
      expect(capture.messages().map((m) => m.messageId)).toEqual([message.messageId]);
      const claimed = await readRow(open, message.id);
      expect(claimed).toMatchObject({ state: 'queued', attempts: 1 });
      expect(claimed.next_attempt_at.getTime()).toBe(T0 + 1000 + MESSAGE_DELIVERY.leaseMs);

      // Restarted while the claim's lease runs: the message is left alone.
      const early = await waitForExit(sender(T0 + 1000 + MESSAGE_DELIVERY.leaseMs - 1));
      expect(early.code, early.stderr).toBe(0);
      expect(JSON.parse(early.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ sent: 0, retrying: 0, failed: 0 });

      // After it: sent again, with the same Message-ID.
      const again = await waitForExit(sender(T0 + 1000 + MESSAGE_DELIVERY.leaseMs));
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ sent: 1, retrying: 0, failed: 0 });
      const ids = capture.messages().map((m) => m.messageId);
      expect(ids).toHaveLength(2);
      expect(new Set(ids)).toEqual(new Set([message.messageId]));
      const row = await readRow(open, message.id);
      expect(row).toMatchObject({ state: 'sent', attempts: 2, message_id: message.messageId });
      expect(row.body).toBe('Open this link: [link removed after sending]');
    } finally {
      await capture.close();
    }
  }, 120_000);
}

describe('a sender killed mid-send [pglite]', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kairos-outbox-kill-'));
    // The migrated snapshot that global-setup made, as the data dir.
    await restoreEmbedded(dataDir, readFileSync(process.env.KAIROS_TEST_SNAPSHOT as string), 'init');
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  crashTest(
    () => openEmbedded(dataDir, 'outbox crash test'),
    () => ({ KAIROS_DATA_DIR: dataDir }),
  );
});

describeOnPostgres('a sender killed mid-send', (baseUrl) => {
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    scratch = await createScratchPostgres(baseUrl());
    const database = await openPostgres(scratch.url);
    await migrateToLatest(database.db);
    await database.close();
  });
  afterAll(async () => scratch?.drop());
  crashTest(
    () => openPostgres((scratch as { url: string }).url),
    () => ({ DATABASE_URL: (scratch as { url: string }).url }),
  );
});
