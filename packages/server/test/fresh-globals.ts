/**
 * Setup file (vitest.config.ts, the server's project): each test file starts with the audit
 * chain's key of the test configuration. The key is a module's state (services/audit.ts
 * `useAuditKey`, set when an app or a server is built), and the server's workers keep their
 * modules between files: a file that built an app with a production key (second-factor, auth)
 * would otherwise leave it to the next file, whose entries written before it builds an app of its
 * own (the stock ledger's verification test) would be hashed under a key its app no longer uses.
 */
import { beforeAll } from 'vitest';
import { DEVELOPMENT_AUDIT_KEY } from '../src/config.js';
import { useAuditKey } from '../src/services/audit.js';

beforeAll(() => {
  useAuditKey(DEVELOPMENT_AUDIT_KEY);
});
