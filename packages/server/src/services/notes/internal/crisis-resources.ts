/**
 * The site's crisis resources text (site content), prefilled into a care plan and printed beside it.
 *
 * @module
 */
import type { Db } from '../../../store/database.js';

/** The site content key of the site's crisis resources text. */
export const CRISIS_RESOURCES_KEY = 'crisis-resources';

/** The crisis resources of the patient's site, or null when the site has written none. */
export async function siteCrisisResources(tx: Db, patientId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('site_content as c')
    .innerJoin('patient as p', 'p.site_id', 'c.site_id')
    .select('c.body')
    .where('p.id', '=', patientId)
    .where('c.key', '=', CRISIS_RESOURCES_KEY)
    .executeTakeFirst();
  return row === undefined || row.body.trim() === '' ? null : row.body;
}
