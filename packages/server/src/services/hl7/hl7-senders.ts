/**
 * The HL7 v2 senders of a site (issue 26): the addresses (or CIDR networks) its monitors' gateways
 * send from. MLLP carries no credentials, so this list is what makes a message a site's: an address
 * is on one site's list at most, and a message from an address on no list is rejected. Who: an
 * administrator (`users.manage`, declared by the routes), for their own site; every change audited.
 *
 * @module
 */
import { BlockList, isIP } from 'node:net';
import type { Hl7Sender, Hl7SenderCreateBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import type { Hl7SenderTable } from '../../store/schema.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';

type Row = Pick<Hl7SenderTable, 'site_id' | 'name' | 'address'> & { id: string; created_at: Date; revoked_at: Date | null };

const viewOf = (r: Row): Hl7Sender => ({
  id: r.id,
  siteId: r.site_id,
  name: r.name,
  address: r.address,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** An address as written (`a.b.c.d`, an IPv6 address, or either with `/prefix`), or the problem with it. */
export function parseSenderAddress(text: string): { ip: string; prefix: number | undefined; family: 'ipv4' | 'ipv6' } | string {
  const [ip = '', prefix, extra] = text.trim().split('/');
  const version = isIP(ip);
  if (extra !== undefined || version === 0) return 'must be an IP address (10.20.0.15) or a network in CIDR form (10.20.0.0/24)';
  const max = version === 4 ? 32 : 128;
  if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max || Number(prefix) < (version === 4 ? 8 : 16)))
    return `the network's prefix must be a whole number from ${version === 4 ? 8 : 16} to ${max}`;
  return { ip, prefix: prefix === undefined ? undefined : Number(prefix), family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A client address as the socket gives it, IPv4-mapped IPv6 (`::ffff:10.0.0.5`) read as IPv4. */
export function plainAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

function blockListOf(rows: readonly { address: string }[]): BlockList {
  const list = new BlockList();
  for (const r of rows) {
    const a = parseSenderAddress(r.address);
    if (typeof a === 'string') continue;
    if (a.prefix === undefined) list.addAddress(a.ip, a.family);
    else list.addSubnet(a.ip, a.prefix, a.family);
  }
  return list;
}

/** Whether `address` is `entry` or inside it (an address or a CIDR network as stored). */
export function senderCovers(entry: string, address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain);
  if (family === 0) return false;
  return blockListOf([{ address: entry }]).check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** The site's senders (an administrator of a site sees their own site's), the listed first. */
export async function listHl7Senders(db: Db, actor: Actor): Promise<Hl7Sender[]> {
  let q = db.selectFrom('hl7_sender').select(['id', 'site_id', 'name', 'address', 'created_at', 'revoked_at']);
  if (actor.siteId !== null) q = q.where('site_id', '=', actor.siteId);
  const rows = await q
    .orderBy('revoked_at', (o) => o.desc().nullsFirst())
    .orderBy('created_at')
    .execute();
  return rows.map(viewOf);
}

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });

export async function createHl7Sender(db: Db, actor: Actor, input: Hl7SenderCreateBody, meta: RequestMeta): Promise<Hl7Sender> {
  const parsed = parseSenderAddress(input.address);
  if (typeof parsed === 'string') throw invalid('body.address', parsed);
  const address = parsed.prefix === undefined ? parsed.ip : `${parsed.ip}/${String(parsed.prefix)}`;
  const site = await db.selectFrom('site').select('id').where('id', '=', input.siteId).executeTakeFirst();
  if (site === undefined) throw invalid('body.siteId', 'no such site');
  // One site per address: a listed address or network that covers this one, or that this one covers, belongs to someone.
  const listed = await db.selectFrom('hl7_sender').select(['address', 'site_id', 'name']).where('revoked_at', 'is', null).execute();
  const clash = listed.find((r) => {
    const other = parseSenderAddress(r.address);
    return typeof other !== 'string' && (senderCovers(r.address, parsed.ip) || senderCovers(address, other.ip));
  });
  if (clash !== undefined)
    throw invalid(
      'body.address',
      clash.site_id === input.siteId
        ? `overlaps ${clash.address} (${clash.name}), already on this site's list`
        : `overlaps ${clash.address}, on another site's list: an address belongs to one site`,
    );
  const row = await db
    .insertInto('hl7_sender')
    .values({ site_id: input.siteId, name: input.name, address, created_by: actor.userId, created_at: meta.now })
    .returning(['id', 'site_id', 'name', 'address', 'created_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
  await audit(
    db,
    { ...meta, actor },
    {
      action: 'hl7-sender.create',
      recordType: 'hl7_sender',
      recordId: row.id,
      outcome: 'allowed',
      details: { siteId: input.siteId, name: input.name, address },
    },
  );
  return viewOf(row);
}

export async function revokeHl7Sender(db: Db, actor: Actor, id: string, meta: RequestMeta): Promise<void> {
  let q = db.selectFrom('hl7_sender').select(['id', 'revoked_at', 'address']).where('id', '=', id);
  if (actor.siteId !== null) q = q.where('site_id', '=', actor.siteId);
  const row = await q.executeTakeFirst();
  if (row === undefined) throw new AppError('NOT_FOUND', 'this HL7 sender is not on your site’s list', { kind: 'HL7 sender', id });
  if (row.revoked_at !== null) throw new AppError('CONFLICT', 'this HL7 sender was already removed');
  await db.updateTable('hl7_sender').set({ revoked_at: meta.now, revoked_by: actor.userId }).where('id', '=', id).execute();
  await audit(
    db,
    { ...meta, actor },
    { action: 'hl7-sender.revoke', recordType: 'hl7_sender', recordId: id, outcome: 'allowed', details: { address: row.address } },
  );
}

/** The listed sender `address` is (or is inside), with its site's name and time zone; undefined when none. */
export async function findHl7Sender(
  db: Db,
  address: string,
): Promise<{ id: string; siteId: string; name: string; siteName: string; timeZone: string } | undefined> {
  const rows = await db
    .selectFrom('hl7_sender as h')
    .innerJoin('site as s', 's.id', 'h.site_id')
    .select(['h.id', 'h.site_id', 'h.name', 'h.address', 's.name as site_name', 's.time_zone'])
    .where('h.revoked_at', 'is', null)
    .execute();
  const found = rows.find((r) => senderCovers(r.address, address));
  return found === undefined
    ? undefined
    : { id: found.id, siteId: found.site_id, name: found.name, siteName: found.site_name, timeZone: found.time_zone };
}
