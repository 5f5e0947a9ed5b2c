import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { LiveEventsQuerySchema } from '@kairos/api';
import type { ServerResponse } from 'node:http';
import { createLiveHub, latestLiveSeq, readLiveEvents, type LiveEventRow } from '../../events/live-events.js';

/** How often an idle stream sends a keep-alive comment (and re-reads, as a safety net). */
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events per site (the Today board) or per session (the console). Events carry ids,
 * states and levels, never patient names. Reconnect with Last-Event-ID to miss nothing. The
 * instance reads each change once (`createLiveHub`) and writes it to every stream that may see it.
 */
export const liveEventRoutes: FastifyPluginCallbackZod = (app) => {
  const open = new Set<ServerResponse>();
  const hub = createLiveHub(
    () => app.ctx.database.db,
    app.ctx.bus,
    (err) => app.log.warn({ err: err instanceof Error ? err.name : 'error' }, 'live events could not be read'),
  );
  // Streams never finish on their own: end them when the server closes, so shutdown completes.
  app.addHook('preClose', (done) => {
    hub.close();
    for (const raw of open) raw.end();
    done();
  });

  app.get(
    '/api/events',
    {
      config: {
        action: 'schedule.read',
        passive: true,
        liveFeed: true,
        servedFirst: true,
        raw: 'text/event-stream',
        site: { in: 'query', key: 'siteId', scope: 'patient-data' },
      },
      schema: {
        tags: ['live'],
        summary: 'Live events (text/event-stream) of a site or one dosing session',
        querystring: LiveEventsQuerySchema,
      },
    },
    async (req, reply) => {
      const db = app.ctx.database.db;
      const header = req.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && /^\d{1,18}$/.test(header) ? header : undefined;
      let cursor = fromHeader ?? req.query.lastEventId ?? (await latestLiveSeq(db));
      const filter = { siteId: req.query.siteId, ...(req.query.sessionId ? { sessionId: req.query.sessionId } : {}) };
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-request-id': req.id,
      });
      raw.write(': connected\n\n');
      open.add(raw);
      let closed = false;
      const sent = new Set<string>();
      const write = (rows: readonly LiveEventRow[]): void => {
        for (const r of rows) {
          if (closed || sent.has(r.seq)) continue;
          raw.write(`id: ${r.seq}\nevent: ${r.type}\ndata: ${JSON.stringify({ sessionId: r.sessionId, at: r.at, ...r.payload })}\n\n`);
        }
      };
      // Listen first (holding what arrives), then send what the client missed, then what was held:
      // nothing falls between the two, and nothing is sent twice.
      let held: LiveEventRow[] | undefined = [];
      const stopListening = hub.listen({ ...filter, deliver: (rows) => (held === undefined ? write(rows) : held.push(...rows)) }, cursor);
      const heartbeat = setInterval(() => {
        raw.write(': keep-alive\n\n');
        void hub.read();
      }, HEARTBEAT_MS);
      heartbeat.unref();
      const stop = (): void => {
        closed = true;
        stopListening();
        clearInterval(heartbeat);
        open.delete(raw);
      };
      req.raw.on('close', stop);
      raw.on('close', stop);
      try {
        for (
          let rows = await readLiveEvents(db, filter, cursor);
          rows.length > 0 && !closed;
          rows = await readLiveEvents(db, filter, cursor)
        ) {
          write(rows);
          for (const r of rows) sent.add(r.seq);
          cursor = rows.at(-1)?.seq ?? cursor;
        }
      } catch (err) {
        req.log.warn({ err: err instanceof Error ? err.name : 'error' }, 'live events could not be read');
      }
      const waiting = held;
      held = undefined;
      write(waiting);
    },
  );
};
