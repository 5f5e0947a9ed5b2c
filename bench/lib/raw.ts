/**
 * The raw anchors: readings written straight to PostgreSQL through pg, with no server in between:
 * multi-row INSERT statements and COPY FROM STDIN, from several clients at once, for a duration.
 * Each statement autocommits (fsync=on makes each durable when it returns).
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';

const TABLE = `CREATE TABLE IF NOT EXISTS raw_readings (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL,
  client_id text,
  measured_at timestamptz,
  systolic int, diastolic int, heart_rate int, spo2 int, respiratory_rate int,
  received_at timestamptz NOT NULL DEFAULT now()
)`;
const COLUMNS = 'session_id, client_id, measured_at, systolic, diastolic, heart_rate, spo2, respiratory_rate';

/**
 * A COPY statement as a pg "submittable" (pg speaks the copy protocol itself; this avoids a
 * dependency for the anchors): it sends the statement and calls back once, with the error if any.
 * Subclasses handle the data going in or out.
 */
export class CopySubmittable extends EventEmitter {
  private error: unknown;
  constructor(
    readonly text: string,
    private readonly callback: (err?: unknown) => void,
  ) {
    super();
  }
  submit(connection: { query: (text: string) => void }): void {
    connection.query(this.text);
  }
  handleCommandComplete(): void {}
  handleError(err: unknown): void {
    this.error = err;
    this.callback(err);
  }
  handleReadyForQuery(): void {
    if (this.error === undefined) this.callback();
  }
}

/** COPY ... FROM STDIN with the whole text at once. */
class CopyIn extends CopySubmittable {
  constructor(
    text: string,
    private readonly data: string,
    callback: (err?: unknown) => void,
  ) {
    super(text, callback);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk: (b: Buffer) => void; endCopyFrom: () => void }): void {
    connection.sendCopyFromChunk(Buffer.from(this.data));
    connection.endCopyFrom();
  }
}

function copy(client: pg.Client, text: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    void client.query(
      new CopyIn(text, data, (err) =>
        err === undefined ? resolve() : reject(err instanceof Error ? err : new Error('COPY failed')),
      ) as never,
    );
  });
}

async function clients(url: string, n: number): Promise<pg.Client[]> {
  const all = Array.from({ length: n }, () => new pg.Client({ connectionString: url }));
  await Promise.all(all.map((c) => c.connect()));
  await all[0]?.query(TABLE);
  return all;
}

async function forDuration(
  all: pg.Client[],
  durationS: number,
  rowsPerStatement: number,
  write: (c: pg.Client, i: number, k: number) => Promise<void>,
): Promise<number> {
  const t0 = Date.now();
  const end = t0 + durationS * 1000;
  let rows = 0;
  await Promise.all(
    all.map(async (c, i) => {
      for (let k = 0; Date.now() < end; k++) {
        await write(c, i, k);
        rows += rowsPerStatement;
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  await Promise.all(all.map((c) => c.end()));
  return Math.round(rows / seconds);
}

/** Readings per second written as multi-row INSERTs of `rowsPerStatement` rows by `clients` connections. */
export async function insertRows(url: string, o: { clients: number; rowsPerStatement: number; durationS: number }): Promise<number> {
  const all = await clients(url, o.clients);
  const placeholders = Array.from(
    { length: o.rowsPerStatement },
    (_, r) => `(${Array.from({ length: 8 }, (_, k) => `$${r * 8 + k + 1}`).join(', ')})`,
  ).join(', ');
  const text = `INSERT INTO raw_readings (${COLUMNS}) VALUES ${placeholders}`;
  return forDuration(all, o.durationS, o.rowsPerStatement, async (c, i, k) => {
    const now = new Date().toISOString();
    const params: unknown[] = [];
    for (let r = 0; r < o.rowsPerStatement; r++) params.push(`session-${i}`, `ins-${i}-${k}-${r}`, now, 122, 78, 72, 98, 14);
    await c.query(text, params);
  });
}

/** Readings per second written by COPY FROM STDIN of `rowsPerStatement` rows by `clients` connections. */
export async function copyRows(url: string, o: { clients: number; rowsPerStatement: number; durationS: number }): Promise<number> {
  const all = await clients(url, o.clients);
  const text = `COPY raw_readings (${COLUMNS}) FROM STDIN`;
  return forDuration(all, o.durationS, o.rowsPerStatement, async (c, i, k) => {
    const now = new Date().toISOString();
    let data = '';
    for (let r = 0; r < o.rowsPerStatement; r++) data += `session-${i}\tcopy-${i}-${k}-${r}\t${now}\t122\t78\t72\t98\t14\n`;
    await copy(c, text, data);
  });
}
