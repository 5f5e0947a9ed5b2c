import { afterEach, describe, expect, it } from 'vitest';
import { cspNonce, shareCspNonce } from './csp-nonce';

const pageWith = (content: string | null) =>
  ({
    querySelector: (selector: string) => (selector === 'meta[name="csp-nonce"]' && content !== null ? { content } : null),
  }) as unknown as Document;
const global = globalThis as { __webpack_nonce__?: string };

describe('the page’s CSP nonce', () => {
  afterEach(() => {
    delete global.__webpack_nonce__;
  });

  it.each([
    ['the meta tag the server writes', pageWith('n0nce'), 'n0nce'],
    ['no meta tag (the Vite dev server)', pageWith(null), undefined],
    ['an empty meta tag', pageWith(''), undefined],
  ])('%s', (_, page, nonce) => {
    expect(cspNonce(page)).toBe(nonce);
  });

  it('is shared with the libraries that read the bundler’s global, and only when there is one', () => {
    shareCspNonce(undefined);
    expect('__webpack_nonce__' in global).toBe(false);
    shareCspNonce('n0nce');
    expect(global.__webpack_nonce__).toBe('n0nce');
  });
});
