/**
 * The server's Content-Security-Policy allows style elements only with the page's nonce, which it
 * writes into a meta tag of the page it serves; Mantine puts it on every style element it adds.
 * Undefined when the page came from elsewhere (the Vite dev server, a test), where no policy applies.
 */
export function cspNonce(doc: Document = document): string | undefined {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
  return content === undefined || content === '' ? undefined : content;
}

/**
 * Hands `nonce` to the libraries that add style elements of their own: Mantine takes it from its
 * provider (`getStyleNonce`), react-remove-scroll (Mantine's modals and drawers, through
 * react-style-singleton and get-nonce) from the `__webpack_nonce__` global, whatever the bundler.
 */
export function shareCspNonce(nonce: string | undefined): void {
  if (nonce !== undefined) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
}
