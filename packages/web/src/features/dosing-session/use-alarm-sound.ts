import { useEffect, useRef } from 'react';

/** A short two-tone beep through WebAudio (no sound file to ship). */
function beep(context: AudioContext): void {
  const gain = context.createGain();
  gain.gain.value = 0.15;
  gain.connect(context.destination);
  [0, 0.3].forEach((offset, i) => {
    const osc = context.createOscillator();
    osc.type = 'square';
    osc.frequency.value = i === 0 ? 880 : 660;
    osc.connect(gain);
    osc.start(context.currentTime + offset);
    osc.stop(context.currentTime + offset + 0.2);
  });
}

/**
 * Beeps when a key appears that was not there before, while `enabled` (on unless muted). A key is
 * an alert's id with when it last alerted and its reminder count, so a worsening, an escalation or
 * a 5-minute reminder of the same alert beeps again. The browser plays sound only after the page
 * had a user gesture; until then the beep waits in a suspended audio context.
 */
export function useAlarmSound(enabled: boolean, openAlertIds: readonly string[]): void {
  const context = useRef<AudioContext | null>(null);
  const heard = useRef(new Set<string>());

  useEffect(() => {
    if (!enabled) return;
    if ((context.current === null || context.current.state === 'closed') && typeof AudioContext !== 'undefined')
      context.current = new AudioContext();
    const ctx = context.current;
    if (ctx === null) return;
    const fresh = openAlertIds.filter((id) => !heard.current.has(id));
    if (fresh.length > 0) {
      // A page without a user gesture yet cannot play: the beep is skipped, never an error.
      ctx.resume().then(
        () => ctx.state === 'running' && beep(ctx),
        () => undefined,
      );
    }
    heard.current = new Set(openAlertIds);
    if (heard.current.size === 0) heard.current.add('');
  }, [enabled, openAlertIds]);

  useEffect(() => {
    if (!enabled) heard.current = new Set();
  }, [enabled]);

  useEffect(
    () => () => {
      const ctx = context.current;
      context.current = null;
      if (ctx !== null && ctx.state !== 'closed') ctx.close().catch(() => undefined);
    },
    [],
  );
}
