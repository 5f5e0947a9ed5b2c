import type { ReactNode } from 'react';

/**
 * Small inline SVG symbols for alert levels and alarms: a shape per meaning, so a level reads
 * without colour and without relying on emoji fonts (a tablet or a headless browser may lack them).
 */
export type StatusIconName = 'warn' | 'hold' | 'pause' | 'escalate' | 'bell' | 'clock';

const PATHS: Record<StatusIconName, ReactNode> = {
  // A triangle with an exclamation mark.
  warn: (
    <>
      <path d="M8 1.5 15 14.5H1Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      <path d="M8 6v4.2M8 11.8v.9" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  // A stop octagon: do not dose.
  hold: (
    <>
      <path d="M5.2 1.5h5.6l3.7 3.7v5.6l-3.7 3.7H5.2l-3.7-3.7V5.2Z" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M5 8h6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </>
  ),
  // Two bars: pause.
  pause: (
    <>
      <rect x="3.5" y="2.5" width="3" height="11" rx="0.6" fill="currentColor" />
      <rect x="9.5" y="2.5" width="3" height="11" rx="0.6" fill="currentColor" />
    </>
  ),
  // A circle with two exclamation marks: call the prescriber.
  escalate: (
    <>
      <circle cx="8" cy="8" r="6.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M6 4.5v4.5M6 11v.6M10 4.5v4.5M10 11v.6" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  bell: (
    <>
      <path d="M3.5 11.5V7.5a4.5 4.5 0 0 1 9 0v4l1.2 1.2H2.3Z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M6.5 14.2a1.6 1.6 0 0 0 3 0" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </>
  ),
  clock: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4v4.3l2.8 1.7" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </>
  ),
};

export function StatusIcon({ name, size = 14 }: { name: StatusIconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" style={{ verticalAlign: '-0.15em', flexShrink: 0 }}>
      {PATHS[name]}
    </svg>
  );
}
