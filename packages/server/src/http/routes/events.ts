import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { LiveEventsQuerySchema } from '@kairos/api';
import type { ServerResponse } from 'node:http';
import { latestLiveSeq, readLiveEvents } from '../../events/live-events.js';

/** How often an idle stream sends a keep-alive comment (and re-reads, as a safety net). */
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events per site (the Today board) or per session (the console). Events carry ids,
 * states and levels, never patient names. Reconnect with Last-Event-ID to miss nothing.
 */
export const liveEventRoutes: FastifyPluginCallbackZod = (app) => {
  const open = new Set<ServerResponse>();
  // Streams never finish on their own: end them when the server closes, so shutdown completes.
  app.addHook('preClose', (done) => {
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
      let sending = false;
      let again = false;
      let closed = false;
      const flush = async (): Promise<void> => {
        if (sending) {
          again = true;
          return;
        }
        sending = true;
        try {
          do {
            again = false;
            const rows = await readLiveEvents(db, filter, cursor);
            for (const r of rows) {
              if (closed) return;
              raw.write(`id: ${r.seq}\nevent: ${r.type}\ndata: ${JSON.stringify({ sessionId: r.sessionId, at: r.at, ...r.payload })}\n\n`);
              cursor = r.seq;
            }
          } while (again && !closed);
        } catch (err) {
          req.log.warn({ err: err instanceof Error ? err.name : 'error' }, 'live events could not be read');
        } finally {
          sending = false;
        }
      };
      const unsubscribe = app.ctx.bus.subscribe(() => void flush());
      const heartbeat = setInterval(() => {
        raw.write(': keep-alive\n\n');
        void flush();
      }, HEARTBEAT_MS);
      heartbeat.unref();
      const stop = (): void => {
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        open.delete(raw);
      };
      req.raw.on('close', stop);
      raw.on('close', stop);
      await flush();
    },
  );
};
