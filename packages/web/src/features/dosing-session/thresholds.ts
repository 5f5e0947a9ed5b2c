/** The protocol a session runs under, as the console reads it: core's defaults with the session's values applied, and its bands. */
import { applyProtocolOverrides, DEFAULT_PROTOCOL_CONFIG, type ProtocolConfig } from '@kairos/core';

/** One vital's bands during the session: warn and pause, above (at least) or below. */
export interface VitalBands {
  warnAtLeast?: number;
  pauseAtLeast?: number;
  warnAtMost?: number;
  pauseAtMost?: number;
  /** A value strictly below these fires (SpO2; systolic and diastolic on the low side). */
  warnBelow?: number;
  pauseBelow?: number;
}

/** The session's configuration, or why it could not be applied. */
export type DosingSessionConfig = { ok: true; config: ProtocolConfig; version: number } | { ok: false; version: number; problem: string };

/**
 * The configuration of the protocol version a session runs under: core's shipped defaults with the
 * values the server says differ. When they do not apply (a web app older than the server, say) the
 * console must say so: falling back to the defaults would draw the wrong bands without a word.
 */
export function dosingSessionConfig(protocol: { version: number; overrides: Record<string, unknown> }): DosingSessionConfig {
  const overrides = Object.fromEntries(Object.entries(protocol.overrides).map(([path, value]) => [path, { value }]));
  const applied = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, overrides);
  if (applied.ok) return { ok: true, config: applied.config, version: protocol.version };
  return { ok: false, version: protocol.version, problem: applied.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
}

/** The in-session warn and pause bands of each charted vital (`vitals.inSession.warn.*`, `vitals.inSession.pause.*`). */
export function inSessionBands(config: ProtocolConfig): Record<'systolic' | 'diastolic' | 'heartRate' | 'spo2', VitalBands> {
  const w = config.vitals.inSession.warn;
  const p = config.vitals.inSession.pause;
  return {
    systolic: {
      warnAtLeast: w.systolicAtLeast.value,
      pauseAtLeast: p.systolicAtLeast.value,
      warnBelow: w.systolicBelow.value,
      pauseBelow: p.systolicBelow.value,
    },
    diastolic: {
      warnAtLeast: w.diastolicAtLeast.value,
      pauseAtLeast: p.diastolicAtLeast.value,
      warnBelow: w.diastolicBelow.value,
      pauseBelow: p.diastolicBelow.value,
    },
    heartRate: {
      warnAtLeast: w.heartRateAtLeast.value,
      pauseAtLeast: p.heartRateAtLeast.value,
      warnAtMost: w.heartRateAtMost.value,
      pauseAtMost: p.heartRateAtMost.value,
    },
    spo2: { warnBelow: w.spo2Below.value, pauseBelow: p.spo2Below.value },
  };
}
