/**
 * Posts a scenario's readings to a dosing session through the public device API, one reading per
 * simulated minute, `speed` minutes per real minute. Retries are safe: each reading's client id is
 * derived from the session and the minute.
 *
 * @module
 */
import { scenarioReading, type Scenario } from './scenarios.js';

export interface SimulationOptions {
  baseUrl: string;
  token: string;
  sessionId: string;
  scenario: Scenario;
  /** Simulated minutes per real minute. */
  speed: number;
  /** First and last minute from the start of the infusion. */
  fromMinute: number;
  toMinute: number;
  /** The instant of minute 0 (the infusion's start). */
  startMs: number;
  /** Posts `minutesPerBatch` readings at once (a monitor catching up), default 1. */
  minutesPerBatch?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/** What a run posted and the server stored; `refused` (readings the server refused one by one) appears only when some were. */
export interface SimulationResult {
  posted: number;
  stored: number;
  refused?: number;
}

export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const batch = o.minutesPerBatch ?? 1;
  let posted = 0;
  let stored = 0;
  let refused = 0;
  for (let m = o.fromMinute; m <= o.toMinute; m += batch) {
    const readings = [];
    for (let k = m; k < m + batch && k <= o.toMinute; k++) {
      readings.push({
        clientId: `sim-${o.sessionId}-${k}`,
        measuredAt: new Date(o.startMs + k * 60_000).toISOString(),
        ...scenarioReading(o.scenario, k),
      });
    }
    const res = await fetch(`${o.baseUrl}/api/device/sessions/${o.sessionId}/vitals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body: JSON.stringify({ readings }),
    });
    const body = (await res.json()) as {
      stored?: number;
      refused?: { index: number; issues: { field: string; message: string }[] }[];
      error?: { code: string; message: string };
    };
    if (!res.ok) throw new Error(`the server refused minute ${m}: ${res.status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`);
    posted += readings.length;
    stored += body.stored ?? 0;
    for (const r of body.refused ?? [])
      o.log?.(`minute ${m + r.index}: refused: ${r.issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
    refused += body.refused?.length ?? 0;
    o.log?.(`minute ${m}: ${readings.map((r) => `${r.systolic}/${r.diastolic} HR ${r.heartRate} SpO2 ${r.spo2}`).join('; ')}`);
    if (m + batch <= o.toMinute) await sleep((60_000 * batch) / o.speed);
  }
  return refused === 0 ? { posted, stored } : { posted, stored, refused };
}
