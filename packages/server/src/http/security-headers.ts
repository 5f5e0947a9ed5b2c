/**
 * Security headers on every answer (`@fastify/helmet`): a strict Content-Security-Policy (scripts
 * and styles from Kairos itself only; Mantine's style elements carry the request's nonce, which
 * the web app reads from a meta tag of its page), no framing at all, nosniff, no Referer sent
 * anywhere, and HSTS when the request came over TLS (directly or through a trusted proxy). The API
 * docs page (swagger-ui) answers with its own policy, also unframeable.
 *
 * @module
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** One year: the usual HSTS lifetime once a site is served over TLS only. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** The policy of Kairos's own pages (the nonces are added per request). */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only over TLS (below): on a plain-HTTP demo an HSTS header would be ignored at best.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    // A PDF is shown by the browser's own viewer, which a page policy would only get in the way of.
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) reply.removeHeader('content-security-policy');
  });
}

/** The API docs page's own policy (swagger-ui's hashes) with framing refused as everywhere else. */
export function docsPolicy(header: string): string {
  return header.replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'");
}

/** The web app's page with this request's style nonce in a meta tag (`web/src/csp-nonce.ts` reads it). */
export function pageWithNonce(html: string, reply: FastifyReply): string {
  const nonce = reply.cspNonce.style;
  return html.replace('<head>', `<head>\n    <meta name="csp-nonce" content="${nonce}" />`);
}
