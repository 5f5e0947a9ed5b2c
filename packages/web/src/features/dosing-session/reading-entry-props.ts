import type { SessionReading } from './dosing-session-api';

/** What an entry of readings at the chair (vital signs, MOAA/S) takes from the console. */
export interface ReadingEntryProps {
  sessionId: string;
  /** The session's readings so far, oldest first (for "same as last" and the last value shown). */
  readings: SessionReading[];
  /** The server's time now, in ms: a reading is stamped with it. */
  serverNowMs: () => number;
  timeZone?: string;
  onSaved: () => void;
}
