import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  DeaRegistrationBodySchema,
  IdParams,
  NoContent,
  SessionStockSchema,
  StockCreatedSchema,
  StockDrawBodySchema,
  StockLocationBodySchema,
  StockOverviewSchema,
  StockProductBodySchema,
  StockReceiptBodySchema,
  StockWasteBodySchema,
  StockTransferBodySchema,
  StockReturnBodySchema,
  StockDestructionBodySchema,
  StockLossBodySchema,
  StockLossRecordedSchema,
  StockRemnantWasteBodySchema,
  StockReversalBodySchema,
  StockCountBodySchema,
  StockCountRecordedSchema,
  StockCountResolutionBodySchema,
  StockAlertsSchema,
  StockSettingsBodySchema,
  StockSettingsSchema,
} from '@kairos/api';
import { setStockSettings } from '../../services/stock/set-stock-settings.js';
import { readStockAlerts } from '../../services/stock/read-stock-alerts.js';
import { recordStockCount } from '../../services/stock/record-stock-count.js';
import { resolveCountDifference } from '../../services/stock/resolve-count-difference.js';
import { destroyStock } from '../../services/stock/destroy-stock.js';
import { reportStockLoss } from '../../services/stock/report-stock-loss.js';
import { returnStock } from '../../services/stock/return-stock.js';
import { reverseStockEntry } from '../../services/stock/reverse-stock-entry.js';
import { transferStock } from '../../services/stock/transfer-stock.js';
import { wasteRemnant } from '../../services/stock/waste-remnant.js';
import { drawKetamine } from '../../services/dosing-session/draw-ketamine.js';
import { readSessionStock } from '../../services/dosing-session/read-session-stock.js';
import { wasteKetamine } from '../../services/dosing-session/waste-ketamine.js';
import { addStockLocation } from '../../services/stock/add-stock-location.js';
import { addStockProduct } from '../../services/stock/add-stock-product.js';
import { readStock } from '../../services/stock/read-stock.js';
import { receiveStock } from '../../services/stock/receive-stock.js';
import { recordDeaRegistration } from '../../services/stock/record-dea-registration.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { Readable } from 'node:stream';
import { StockRecordsCsvQuerySchema, StockRecordsPdfQuerySchema } from '@kairos/api';
import { exportStockRecordsCsv } from '../../services/stock/export-stock-records-csv.js';
import { stockRecordsPdf } from '../../services/stock/stock-records-pdf.js';
import { sendDownload } from '../download.js';

/** Ketamine stock (issue 23): the Inventory page's records and a dosing session's draw and waste. */
export const stockRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['stock']);
  const db = () => app.ctx.database.db;
  const atSite = (action: 'stock.move' | 'stock.configure' | 'stock.resolve' | 'stock.settings') =>
    ({ action, site: { in: 'params', key: 'id', scope: 'patient-data' } }) as const;

  app.get(
    '/api/sites/:id/stock',
    route(
      atSite('stock.move'),
      'The site’s ketamine stock: DEA registration, products, locations, every lot at every location, draws to account for',
      {
        params: IdParams,
        response: { 200: StockOverviewSchema },
      },
    ),
    async (req) => readStock(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.put(
    '/api/sites/:id/stock/dea-registration',
    route(atSite('stock.configure'), 'Record the site’s DEA registration (number with its check digit, schedules, expiry)', {
      params: IdParams,
      body: DeaRegistrationBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await recordDeaRegistration(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/api/sites/:id/stock/settings',
    route(
      atSite('stock.settings'),
      'Set the site’s stock settings: expiry warning days, days an opened vial is kept (the medical director)',
      {
        params: IdParams,
        body: StockSettingsBodySchema,
        response: { 200: StockSettingsSchema },
      },
    ),
    async (req) => setStockSettings(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sites/:id/stock/products',
    route(atSite('stock.configure'), 'Add a ketamine product the site stocks (strength, vial volume, NDC)', {
      params: IdParams,
      body: StockProductBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await addStockProduct(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)) }),
  );
  app.post(
    '/api/sites/:id/stock/locations',
    route(atSite('stock.configure'), 'Add a storage location (the safe, a crash-cart box)', {
      params: IdParams,
      body: StockLocationBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await addStockLocation(db(), signInOf(req).actor, req.params.id, req.body.name, requestMeta(req)) }),
  );
  app.post(
    '/api/sites/:id/stock/receipts',
    route(atSite('stock.move'), 'Receive vials of a lot into a location (supplier with DEA number, invoice, date)', {
      params: IdParams,
      body: StockReceiptBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await receiveStock(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)) }),
  );

  app.post(
    '/api/sites/:id/stock/transfers',
    route(atSite('stock.move'), 'Move sealed vials of a lot between two locations (both sides in one entry)', {
      params: IdParams,
      body: StockTransferBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await transferStock(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)) }),
  );
  app.post(
    '/api/sites/:id/stock/returns',
    route(atSite('stock.move'), 'Return sealed vials to the supplier or a reverse distributor', {
      params: IdParams,
      body: StockReturnBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await returnStock(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)) }),
  );
  app.post(
    '/api/sites/:id/stock/destructions',
    route(
      atSite('stock.resolve'),
      'Destroy sealed vials before two witnesses (DEA Form 41’s fields; a prescriber or the medical director)',
      {
        params: IdParams,
        body: StockDestructionBodySchema,
        response: { 201: StockCreatedSchema },
      },
    ),
    async (req, reply) =>
      reply.status(201).send({ id: await destroyStock(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)) }),
  );
  app.post(
    '/api/sites/:id/stock/losses',
    route(atSite('stock.move'), 'Report stock lost or stolen (DEA Form 106’s facts); the answer says when the DEA notice is due', {
      params: IdParams,
      body: StockLossBodySchema,
      response: { 201: StockLossRecordedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await reportStockLoss(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.post(
    '/api/sites/:id/stock/remnant-wastes',
    route(atSite('stock.move'), 'Waste the remnant of an opened vial with a witness (an expiry once past its use)', {
      params: IdParams,
      body: StockRemnantWasteBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await wasteRemnant(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)) }),
  );
  app.post(
    '/api/stock/entries/:id/reversal',
    route('stock.resolve', 'Correct the ledger: an entry that undoes another, with a reason (a prescriber or the medical director)', {
      params: IdParams,
      body: StockReversalBodySchema,
      response: { 201: StockCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send({ id: await reverseStockEntry(db(), signInOf(req).actor, req.params.id, req.body.reason, requestMeta(req)) }),
  );

  app.post(
    '/api/sites/:id/stock/counts',
    route(
      atSite('stock.move'),
      'Record a count of every lot at the locations counted (opening or close of business); differences wait for resolution',
      {
        params: IdParams,
        body: StockCountBodySchema,
        response: { 201: StockCountRecordedSchema },
      },
    ),
    async (req, reply) =>
      reply.status(201).send(await recordStockCount(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.post(
    '/api/stock/count-lines/:id/resolution',
    route(
      'stock.resolve',
      'Resolve a count’s difference with a reason (a prescriber or the medical director, step-up): the ledger is adjusted to the count',
      {
        params: IdParams,
        body: StockCountResolutionBodySchema,
        response: { 204: NoContent },
      },
    ),
    async (req, reply) => {
      await resolveCountDifference(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/sites/:id/stock/alerts',
    route(
      { action: 'stock.resolve', passive: true, site: { in: 'params', key: 'id', scope: 'patient-data' } },
      'What the stock needs from a prescriber or the medical director: unresolved count differences, losses with the DEA notice due, lots expiring',
      { params: IdParams, response: { 200: StockAlertsSchema } },
    ),
    async (req) => readStockAlerts(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/sessions/:id/stock',
    route('stock.move', 'A dosing session’s ketamine: the order’s volume, the draws and what accounts for them, the lots to draw from', {
      params: IdParams,
      response: { 200: SessionStockSchema },
    }),
    async (req) => readSessionStock(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/stock/draw',
    route('stock.move', 'Draw ketamine for the session’s dose order (a lot of the ordered strength, at least the ordered volume)', {
      params: IdParams,
      body: StockDrawBodySchema,
      response: { 200: SessionStockSchema },
    }),
    async (req) => drawKetamine(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/stock/waste',
    route('stock.move', 'After the infusion: record what it gave and waste the remainder with a reason and a witness (step-up)', {
      params: IdParams,
      body: StockWasteBodySchema,
      response: { 200: SessionStockSchema },
    }),
    async (req) => wasteKetamine(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  // Records for a date range (issue 23, Must 7): one kind as CSV, every kind as one PDF; each export audited.
  app.get(
    '/api/sites/:id/stock/records.csv',
    route(
      { ...atSite('stock.move'), raw: 'text/csv' },
      'The site’s ketamine records of one kind (administrations, receipts, disposals) for site-local days from–to as CSV, each row with the site’s DEA registration',
      { params: IdParams, querystring: StockRecordsCsvQuerySchema },
    ),
    async (req, reply) => {
      const csv = await exportStockRecordsCsv(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req));
      return sendDownload(reply, 'text/csv; charset=utf-8', csv.filename, Readable.from(csv.chunks));
    },
  );
  app.get(
    '/api/sites/:id/stock/records.pdf',
    route(
      { ...atSite('stock.move'), raw: 'application/pdf' },
      'The site’s ketamine records (administrations, receipts, disposals) for site-local days from–to as one PDF, with the site’s DEA registration',
      { params: IdParams, querystring: StockRecordsPdfQuerySchema },
    ),
    async (req, reply) => {
      const { pdf, filename } = await stockRecordsPdf(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req));
      return sendDownload(reply, 'application/pdf', filename, pdf);
    },
  );
};
