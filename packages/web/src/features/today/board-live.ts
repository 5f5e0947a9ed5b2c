import type { DosingBoard, DosingBoardItem, SessionReading } from '@kairos/api';
import type { LiveEvent } from '../../api/use-live-view';

/** States in which a reading changes only the latest vital signs a card shows (no checklist, no hold). */
const RUNNING = new Set<DosingBoardItem['state']>(['infusing', 'paused', 'observing']);

type Announced = {
  clientId?: unknown;
  measuredAt?: unknown;
  phase?: unknown;
  level?: unknown;
  systolic?: unknown;
  diastolic?: unknown;
  heartRate?: unknown;
  spo2?: unknown;
  respiratoryRate?: unknown;
  moaas?: unknown;
  temperature?: unknown;
  source?: unknown;
  protocolVersion?: unknown;
};

const numberOrNull = (v: unknown): number | null | undefined => (v === null ? null : typeof v === 'number' ? v : undefined);

/** An announced reading as the board shows it, or undefined when the event does not carry all of it. */
function readingOf(a: Announced): SessionReading | undefined {
  const values = [a.systolic, a.diastolic, a.heartRate, a.spo2, a.respiratoryRate, a.moaas, a.temperature].map(numberOrNull);
  if (values.some((v) => v === undefined)) return undefined;
  const [systolic, diastolic, heartRate, spo2, respiratoryRate, moaas, temperature] = values as (number | null)[];
  if (typeof a.clientId !== 'string' || typeof a.measuredAt !== 'string' || Number.isNaN(Date.parse(a.measuredAt))) return undefined;
  if (a.source !== 'manual' && a.source !== 'device') return undefined;
  if (typeof a.protocolVersion !== 'number') return undefined;
  if (a.phase !== 'pre-dose' && a.phase !== 'infusing' && a.phase !== 'observing') return undefined;
  return {
    clientId: a.clientId,
    measuredAt: a.measuredAt,
    systolic: systolic ?? null,
    diastolic: diastolic ?? null,
    heartRate: heartRate ?? null,
    spo2: spo2 ?? null,
    respiratoryRate: respiratoryRate ?? null,
    moaas: moaas ?? null,
    temperature: temperature ?? null,
    phase: a.phase,
    level: 'normal',
    source: a.source,
    protocolVersion: a.protocolVersion,
  };
}

/**
 * A `vitals` event applied to the Today board in place, when all it changes is a running session's
 * latest vital signs: every reading normal, no alert raised, no pause recommended, nothing overdue
 * on the card (a reading may be what clears it). Anything else (an alert, a session before its
 * start, whose checklist readings feed, an event the board cannot read whole) answers undefined,
 * and the board is fetched again. Fifty boards watching 500 monitors then fetch on changes, not on
 * every reading.
 */
export function applyVitalsToBoard(board: DosingBoard, event: LiveEvent): DosingBoard | undefined {
  if (event.type !== 'vitals') return undefined;
  const d = event.data;
  if (d.alerted !== 0 || d.pauseRecommended !== false || typeof d.sessionId !== 'string' || !Array.isArray(d.readings)) return undefined;
  const announced = d.readings as Announced[];
  if (announced.some((r) => r.level !== 'normal')) return undefined;
  const index = board.items.findIndex((i) => i.sessionId === d.sessionId);
  const item = board.items[index];
  if (item === undefined || !RUNNING.has(item.state) || item.overdue.length > 0 || item.openAlerts.length > 0) return undefined;
  const readings = announced.map(readingOf);
  if (readings.some((r) => r === undefined)) return undefined;
  // The latest reading with a blood pressure (a full set), as the board's latest vitals are.
  let latest = item.latestVitals;
  for (const r of readings as SessionReading[])
    if (r.systolic !== null && (latest === null || Date.parse(r.measuredAt) > Date.parse(latest.measuredAt))) latest = r;
  if (latest === item.latestVitals) return board;
  const items = [...board.items];
  items[index] = { ...item, latestVitals: latest };
  return { ...board, items };
}
