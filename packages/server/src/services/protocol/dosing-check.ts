/**
 * Whether a site may dose: a signed protocol, or demo and test mode.
 *
 * @module
 */
import type { ProtocolDosingCheck } from '@kairos/api';
import type { Mode } from '../../config.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { versionsOf } from './internal/versions.js';
import { protocolInForce } from './protocol-in-force.js';

/** Whether dosing may run at the site now: a version is signed (in every mode; the demo signs at load). */
export async function dosingCheck(db: Db, siteId: string, mode: Mode, now: Date): Promise<ProtocolDosingCheck> {
  return transact(db, (tx) => dosingCheckIn(tx, siteId, mode, now));
}

/** {@link dosingCheck} inside an open transaction. */
export async function dosingCheckIn(tx: Db, siteId: string, mode: Mode, now: Date): Promise<ProtocolDosingCheck> {
  const { version, signed } = await protocolInForce(tx, siteId, now);
  const [latest] = await versionsOf(tx, siteId);
  const proposal = latest !== undefined && latest.signed_at === null && latest.version > version ? latest.version : null;
  const message = signed
    ? `protocol version ${version} is signed and in force${proposal === null ? '' : ` (the proposal, version ${proposal}, changes nothing until a medical director signs it)`}`
    : `no version of the site protocol is signed by a medical director: dosing is refused until one is`;
  return { allowed: signed, mode, version, signed, proposal, message };
}
