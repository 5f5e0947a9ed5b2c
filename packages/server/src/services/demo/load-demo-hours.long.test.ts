/**
 * The interactive demo (npm start: its stock, its program history, its maintenance session) loads
 * at any hour of the site's day: a load an hour apart across a Monday (the day the series starts),
 * each checking the live infusion and the maintenance session. Bookings relative to the load's
 * instant (the live infusion started 20 minutes before) met fixed ones at some hours before.
 */
import { expect, it } from 'vitest';
import { openSnapshotPglite } from '../../../test/engines.js';
import { loadDemo } from './load-demo.js';

// 2026-12-07 is a Monday; America/New_York is then UTC-5: h:10 at the site is (h+5):10 UTC.
it.each(Array.from({ length: 24 }, (_, h) => h))(
  'loads at %i:10 site time',
  async (h) => {
    const now = new Date(Date.UTC(2026, 11, 7, h + 5, 10));
    const database = await openSnapshotPglite();
    try {
      await loadDemo(database.db, now, { stock: true, history: true });
      const db = database.db;
      await expect(db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute()).resolves.not.toHaveLength(0);
      const maintenance = await db
        .selectFrom('dosing_session as s')
        .innerJoin('patient as p', 'p.id', 's.patient_id')
        .select('s.state')
        .where('p.mrn', '=', 'DEMO-M001')
        .execute();
      expect(maintenance).toEqual([{ state: 'scheduled' }]);
    } finally {
      await database.close();
    }
  },
  120_000,
);
