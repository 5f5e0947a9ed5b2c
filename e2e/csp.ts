/**
 * Content-Security-Policy violations seen in any page since the last test ended: the pages report
 * each on their console (e2e/browser.ts listens), and `e2e/csp-check.ts`, a setup file of the test
 * projects, fails each test that saw one, so a page that needs an inline style or script the policy
 * refuses cannot land. A module of its own (no browser code) so that the check costs the other
 * tests nothing.
 */
export const cspViolations: string[] = [];
export const CSP_MARK = 'kairos-e2e: CSP violation:';
