import { Button, Modal, Stack, Text } from '@mantine/core';
import { Fragment, useState, useSyncExternalStore, type ReactNode } from 'react';
import { getPortalHome } from './portal-api';
import { PORTAL_TYPE } from './portal-type';

/**
 * Crisis resources, always one tap away: the site's text (Settings, "crisis-resources"), cached in
 * this tab once the home has loaded it, so the button works on every portal screen, even when the
 * network or portal access is gone. Before anything is cached it shows the general fallback.
 */
const STORAGE_KEY = 'kairos.portal.crisis-resources';

/** The server's fallback when a site has not written its own (services/site-content.ts). */
export const FALLBACK_CRISIS_TEXT =
  'If you are in danger or thinking about harming yourself, call your local emergency number now, or go to the nearest emergency department. Then call your clinic.';

function readStored(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

let cached: string | undefined = readStored();
const listeners = new Set<() => void>();

/** Keeps the site's crisis text for the crisis button (from the home or a submitted questionnaire). */
export function rememberCrisisResources(body: string): void {
  if (body === cached) return;
  cached = body;
  try {
    sessionStorage.setItem(STORAGE_KEY, body);
  } catch {
    // Private mode or full storage: the text stays in memory for this page.
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

export function useCrisisText(): string | undefined {
  return useSyncExternalStore(
    subscribe,
    () => cached,
    () => cached,
  );
}

/** Phone numbers: 3 to 15 digits, with spaces, dots, dashes, brackets, an optional leading +. */
const PHONE = /(?:\+\s?)?(?:\(\d{1,5}\)[\s.-]?)?\d(?:[\d\s.-]*\d)?/g;

export interface TextPart {
  text: string;
  tel?: string;
}

/** Splits a text into plain parts and phone numbers (with their tel: number). */
export function splitPhoneNumbers(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0].trim();
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 3 || digits.length > 15) continue;
    const at = m.index + m[0].indexOf(raw);
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: raw, tel: (raw.startsWith('+') ? '+' : '') + digits });
    last = at + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The distinct phone numbers of a text, in order. */
export function phoneNumbers(text: string): TextPart[] {
  const out = new Map<string, TextPart>();
  for (const p of splitPhoneNumbers(text)) if (p.tel !== undefined && !out.has(p.tel)) out.set(p.tel, p);
  return [...out.values()];
}

/** The site's crisis text in large type, phone numbers as tel: links, and a big call button for each. */
export function CrisisText({ body }: { body: string }) {
  const numbers = phoneNumbers(body);
  return (
    <Stack gap="lg">
      <Text fz={22} lh={1.55} c="black" style={{ whiteSpace: 'pre-wrap' }} data-testid="crisis-text">
        {splitPhoneNumbers(body).map((p, i) =>
          p.tel === undefined ? (
            <Fragment key={i}>{p.text}</Fragment>
          ) : (
            <a key={i} href={`tel:${p.tel}`} style={{ color: 'var(--mantine-color-red-9)', fontWeight: 700 }}>
              {p.text}
            </a>
          ),
        )}
      </Text>
      {numbers.map((p) => (
        <Button key={p.tel} component="a" href={`tel:${p.tel}`} size="xl" color="red.9" fullWidth>
          Call {p.text}
        </Button>
      ))}
    </Stack>
  );
}

/** A full-screen sheet: the crisis text and one way back. */
export function CrisisSheet({
  opened,
  onClose,
  title,
  intro,
  closeLabel,
  testId,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  intro?: ReactNode;
  closeLabel: string;
  testId: string;
}) {
  const text = useCrisisText() ?? FALLBACK_CRISIS_TEXT;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      fullScreen
      title={title}
      withCloseButton={false}
      padding={0}
      transitionProps={{ duration: 0 }}
      classNames={{ content: 'kairos-portal' }}
      styles={{
        content: { ...PORTAL_TYPE, background: 'white' },
        header: { background: 'var(--mantine-color-red-9)', color: 'white', padding: '20px 16px', minHeight: 0 },
        title: { fontSize: 30, fontWeight: 700, lineHeight: 1.2, maxWidth: 640, margin: '0 auto', width: '100%' },
        body: { padding: 0 },
      }}
    >
      <Stack gap="xl" px="md" py="xl" maw={640} mx="auto" data-testid={testId}>
        {intro}
        <CrisisText body={text} />
        <Button size="xl" variant="outline" color="dark" fullWidth onClick={onClose} data-autofocus>
          {closeLabel}
        </Button>
      </Stack>
    </Modal>
  );
}

/** The header's "Get help now": opens the site's crisis resources (loads them if not cached yet). */
export function CrisisButton() {
  const [opened, setOpened] = useState(false);
  const open = () => {
    setOpened(true);
    if (cached === undefined) {
      getPortalHome().then(
        (h) => rememberCrisisResources(h.crisisResources.body),
        () => undefined,
      );
    }
  };
  return (
    <>
      <Button
        size="lg"
        color="red.9"
        onClick={open}
        aria-haspopup="dialog"
        data-testid="crisis-button"
        styles={{ root: { minHeight: 48, border: '2px solid white' } }}
      >
        Get help now
      </Button>
      <CrisisSheet opened={opened} onClose={() => setOpened(false)} title="Crisis resources" closeLabel="Close" testId="crisis-resources" />
    </>
  );
}
