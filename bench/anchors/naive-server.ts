/**
 * The naive anchor (issue 21): the stack a team would write first. Fastify 5 + pg, the same route
 * and JSON body as Kairos's device API (`POST /api/device/sessions/:id/vitals`, `{ readings: [...] }`,
 * a Bearer token), and one unvalidated INSERT per reading into a plain table: no schema, no token
 * lookup (a Bearer header is only required to be present), no transaction, no audit, no alarms.
 * A batch is stored with one INSERT per reading, one after the other, inside its request (the
 * naive loop; autocommit, so each reading is durable when its INSERT returns, as with fsync=on
 * PostgreSQL every commit is).
 *
 * Run: DATABASE_URL=postgres://... PORT=0 node --import tsx bench/anchors/naive-server.ts
 * Prints `listening <url>` on stdout when ready.
 */
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (url === undefined) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: url, max: 20 });
await pool.query(`CREATE TABLE IF NOT EXISTS readings (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL,
  client_id text,
  measured_at timestamptz,
  systolic int, diastolic int, heart_rate int, spo2 int, respiratory_rate int,
  received_at timestamptz NOT NULL DEFAULT now()
)`);

interface Reading {
  clientId?: string;
  measuredAt?: string;
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  spo2?: number;
  respiratoryRate?: number;
}

const app = Fastify({ logger: false });
app.post<{ Params: { id: string }; Body: { readings?: Reading[] } }>('/api/device/sessions/:id/vitals', async (req, reply) => {
  if (!req.headers.authorization?.startsWith('Bearer ')) return reply.status(401).send({ error: 'token required' });
  const readings = req.body.readings ?? [];
  for (const r of readings) {
    await pool.query(
      'INSERT INTO readings (session_id, client_id, measured_at, systolic, diastolic, heart_rate, spo2, respiratory_rate) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [req.params.id, r.clientId, r.measuredAt, r.systolic, r.diastolic, r.heartRate, r.spo2, r.respiratoryRate],
    );
  }
  return { stored: readings.length };
});

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
const stop = (): void => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
