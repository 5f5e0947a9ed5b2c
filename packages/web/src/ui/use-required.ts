import { useState } from 'react';

/**
 * A required text field of a small form: `check(value)` says whether it is filled and sets the
 * field's "Required" message (or clears it); `missing` is that message for the input's `error`.
 */
export function useRequired(): { missing: string | undefined; check: (value: string) => boolean } {
  const [missing, setMissing] = useState<string>();
  const check = (value: string) => {
    const filled = value.trim() !== '';
    setMissing(filled ? undefined : 'Required');
    return filled;
  };
  return { missing, check };
}
