/**
 * The monitor simulator over HL7 v2 (MLLP, issue 26): the same scenarios as the device API
 * (`run-simulation.ts`), each simulated minute an ORU^R01 for the patient (by medical record
 * number) sent with @medplum/hl7's client, as a monitor gateway would, waiting for each ACK. Resent
 * runs are safe: a minute's message always has the same control id. Sent from this machine, it is
 * taken when the site lists this machine's address (the demo lists 127.0.0.1).
 *
 * @module
 */
import { hl7OruOfReading } from '@kairos/core';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { scenarioReading, type Scenario } from './scenarios.js';

export interface Hl7SimulationOptions {
  host: string;
  port: number;
  mrn: string;
  scenario: Scenario;
  speed: number;
  fromMinute: number;
  toMinute: number;
  startMs: number;
  /** When each message is sent (MSH-7): the configured clock's now. */
  nowMs: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/** What a run sent and how each message was acknowledged. */
export interface Hl7SimulationResult {
  sent: number;
  /** AA: every reading of the message stored (or stored before). */
  accepted: number;
  /** AE: something named in the ACK was not recorded. */
  errors: number;
}

export async function runHl7Simulation(o: Hl7SimulationOptions): Promise<Hl7SimulationResult> {
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const client = new Hl7Client({ host: o.host, port: o.port, connectTimeout: 10_000 });
  const result: Hl7SimulationResult = { sent: 0, accepted: 0, errors: 0 };
  try {
    for (let m = o.fromMinute; m <= o.toMinute; m++) {
      const r = scenarioReading(o.scenario, m);
      const text = hl7OruOfReading({
        mrn: o.mrn,
        controlId: `sim-${o.mrn}-${String(o.startMs)}-${String(m)}`.slice(0, 80),
        sendingApplication: 'KAIROS-SIMULATOR',
        sentAt: new Date(o.nowMs()),
        reading: { ...r, measuredAt: new Date(o.startMs + m * 60_000) },
      });
      const ack = await client.sendAndWait(Hl7Message.parse(text), { timeoutMs: 30_000 });
      result.sent += 1;
      const code = ack.getSegment('MSA')?.getField(1)?.toString() ?? '';
      const errs = ack.getAllSegments('ERR').map((e) => e.getField(8)?.toString() ?? '');
      if (code === 'AR') throw new Error(`the listener rejected minute ${String(m)}: ${errs.join('; ')}`);
      if (code === 'AA') result.accepted += 1;
      else result.errors += 1;
      o.log?.(
        `minute ${String(m)}: ${String(r.systolic)}/${String(r.diastolic)} HR ${String(r.heartRate)} SpO2 ${String(r.spo2)}: ${code}${errs.length > 0 ? ` (${errs.join('; ')})` : ''}`,
      );
      if (m < o.toMinute) await sleep(60_000 / o.speed);
    }
  } finally {
    await client.close();
  }
  return result;
}
