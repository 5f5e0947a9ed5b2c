/**
 * A note's amendments, oldest first, with who wrote each.
 *
 * @module
 */
import type { Db } from '../../../store/database.js';

/** One amendment as the views show it. */
export interface AmendmentView {
  id: string;
  body: string;
  reason: string;
  at: string;
  by: { id: string; name: string };
  contentHash: string;
}

/** The note's amendments, oldest first (then by id). */
export async function amendmentsOf(tx: Db, noteId: string): Promise<AmendmentView[]> {
  const rows = await tx
    .selectFrom('note_amendment as a')
    .innerJoin('app_user as u', 'u.id', 'a.by_user')
    .select(['a.id', 'a.body', 'a.reason', 'a.at', 'a.content_hash', 'a.by_user', 'u.display_name'])
    .where('a.note_id', '=', noteId)
    .orderBy('a.at')
    .orderBy('a.id')
    .execute();
  return rows.map((a) => ({
    id: a.id,
    body: a.body,
    reason: a.reason,
    at: a.at.toISOString(),
    by: { id: a.by_user, name: a.display_name },
    contentHash: a.content_hash,
  }));
}
