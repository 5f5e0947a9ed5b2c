/** Threshold bands and the vital-sign configuration of a site, from its protocol parameters. */
import { applyProtocolOverrides, DEFAULT_PROTOCOL_CONFIG, type ProtocolConfig } from '@kairos/core';

export interface ParamLike {
  path: string;
  value: unknown;
}

/** One vital's bands during the session: warn and pause, above (at least) or below. */
export interface VitalBands {
  warnAtLeast?: number;
  pauseAtLeast?: number;
  warnAtMost?: number;
  pauseAtMost?: number;
  /** SpO2: a value strictly below these fires. */
  warnBelow?: number;
  pauseBelow?: number;
}

const num = (params: readonly ParamLike[], path: string): number | undefined => {
  const v = params.find((p) => p.path === path)?.value;
  return typeof v === 'number' ? v : undefined;
};

/** The in-session warn and pause bands of each charted vital (`vitals.inSession.warn.*`, `vitals.inSession.pause.*`). */
export function inSessionBands(params: readonly ParamLike[]): Record<'systolic' | 'diastolic' | 'heartRate' | 'spo2', VitalBands> {
  const w = (k: string) => num(params, `vitals.inSession.warn.${k}`);
  const p = (k: string) => num(params, `vitals.inSession.pause.${k}`);
  return {
    systolic: { warnAtLeast: w('systolicAtLeast'), pauseAtLeast: p('systolicAtLeast') },
    diastolic: { warnAtLeast: w('diastolicAtLeast'), pauseAtLeast: p('diastolicAtLeast') },
    heartRate: { warnAtLeast: w('heartRateAtLeast'), pauseAtLeast: p('heartRateAtLeast'), warnAtMost: w('heartRateAtMost'), pauseAtMost: p('heartRateAtMost') },
    spo2: { warnBelow: w('spo2Below'), pauseBelow: p('spo2Below') },
  };
}

/** The site's configuration as core reads it: the shipped defaults with the site's values applied (the defaults if they do not apply). */
export function siteConfig(params: readonly ParamLike[]): ProtocolConfig {
  const overrides = Object.fromEntries(params.filter((p) => p.path.startsWith('vitals.') || p.path.startsWith('dosing.')).map((p) => [p.path, { value: p.value }]));
  const applied = applyProtocolOverrides(DEFAULT_PROTOCOL_CONFIG, overrides);
  return applied.ok ? applied.config : DEFAULT_PROTOCOL_CONFIG;
}

/** A number parameter's value, e.g. `dosing.doseMgPerKg`. */
export function paramNumber(params: readonly ParamLike[], path: string): number | undefined {
  return num(params, path);
}
