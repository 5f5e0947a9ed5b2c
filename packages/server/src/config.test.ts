import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_AUDIT_KEY, DEVELOPMENT_MFA_KEY, loadConfig, parseDurationMs } from './config.js';

describe('loadConfig', () => {
  it('defaults to demo mode on port 3000 with the embedded database in ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'demo', port: 3000, databaseUrl: undefined, clock: { offsetMs: 0, speed: 1 } });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('treats empty strings as unset, so PORT= does not mean port 0', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('lists every problem, naming the variable and the value given', () => {
    try {
      loadConfig({ KAIROS_MODE: 'staging', PORT: 'eighty', DATABASE_URL: 'mysql://x', KAIROS_CLOCK_SPEED: '0' });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('KAIROS_MODE');
      expect(problems).toContain('"staging"');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('KAIROS_CLOCK_SPEED');
      expect((err as ConfigError).problems).toHaveLength(4);
    }
  });

  it('refuses a clock offset or speed in production mode', () => {
    expect(() => loadConfig({ KAIROS_MODE: 'production', KAIROS_CLOCK_OFFSET: '+2h' })).toThrow(
      /KAIROS_CLOCK_OFFSET: not allowed in production/,
    );
    expect(() => loadConfig({ KAIROS_MODE: 'production', KAIROS_CLOCK_SPEED: '60' })).toThrow(
      /KAIROS_CLOCK_SPEED: not allowed in production/,
    );
  });

  it("the crash tests' pause before a group commit: demo and test only, 0 by default", () => {
    expect(() => loadConfig({ KAIROS_MODE: 'production', KAIROS_TEST_HOLD_GROUP_COMMIT_MS: '100' })).toThrow(
      /KAIROS_TEST_HOLD_GROUP_COMMIT_MS: not allowed in production/,
    );
    expect(loadConfig({ KAIROS_MODE: 'test' }).testHoldGroupCommitMs).toBe(0);
    expect(loadConfig({ KAIROS_MODE: 'demo', KAIROS_TEST_HOLD_GROUP_COMMIT_MS: '2500' }).testHoldGroupCommitMs).toBe(2500);
  });

  it('the second-factor key: required in production, at least 32 characters, never echoed; demo and test use the published development key', () => {
    const audit = { KAIROS_AUDIT_KEY: 'a'.repeat(40) };
    expect(() => loadConfig({ KAIROS_MODE: 'production', ...audit })).toThrow(/KAIROS_MFA_KEY: required in production mode/);
    const short = 'short-mfa-key';
    try {
      loadConfig({ KAIROS_MODE: 'production', ...audit, KAIROS_MFA_KEY: short });
      expect.unreachable('a short key is refused');
    } catch (err) {
      expect((err as ConfigError).message).toContain('KAIROS_MFA_KEY: must be at least 32 characters');
      expect((err as ConfigError).message).not.toContain(short);
    }
    expect(loadConfig({ KAIROS_MODE: 'production', ...audit, KAIROS_MFA_KEY: 'k'.repeat(32) }).mfaKey).toBe('k'.repeat(32));
    expect(loadConfig({ KAIROS_MODE: 'test' }).mfaKey).toBe(DEVELOPMENT_MFA_KEY);
  });

  it('the audit key: required in production, at least 32 characters, never echoed; demo and test use the published development key', () => {
    expect(() => loadConfig({ KAIROS_MODE: 'production' })).toThrow(/KAIROS_AUDIT_KEY: required in production mode/);
    const short = 'short-secret-key';
    try {
      loadConfig({ KAIROS_MODE: 'production', KAIROS_AUDIT_KEY: short });
      expect.unreachable('a short key is refused');
    } catch (err) {
      expect((err as ConfigError).message).toContain('KAIROS_AUDIT_KEY: must be at least 32 characters');
      expect((err as ConfigError).message).not.toContain(short);
    }
    const key = 'x'.repeat(32);
    expect(loadConfig({ KAIROS_MODE: 'production', KAIROS_AUDIT_KEY: key, KAIROS_MFA_KEY: 'm'.repeat(32) }).auditKey).toBe(key);
    expect(loadConfig({ KAIROS_MODE: 'demo' }).auditKey).toBe(DEVELOPMENT_AUDIT_KEY);
    expect(loadConfig({ KAIROS_MODE: 'test', KAIROS_AUDIT_ANCHOR_FILE: 'anchors.jsonl' }).auditAnchorFile).toMatch(
      /^\/.*\/anchors\.jsonl$/,
    );
    expect(() => loadConfig({ KAIROS_AUDIT_UNKEYED_THROUGH: '0' })).toThrow(/KAIROS_AUDIT_UNKEYED_THROUGH: must be the sequence number/);
  });

  it('accepts a clock offset and speed in demo and test mode', () => {
    expect(loadConfig({ KAIROS_MODE: 'test', KAIROS_CLOCK_OFFSET: '-1d', KAIROS_CLOCK_SPEED: '60' }).clock).toEqual({
      offsetMs: -86_400_000,
      speed: 60,
    });
  });

  it.each([
    ['false', false],
    ['true', ['loopback']],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, loopback', ['10.0.0.0/8', 'loopback']],
    ['fd00::/8', ['fd00::/8']],
  ])('KAIROS_TRUST_PROXY=%j trusts %j', (value, trusted) => expect(loadConfig({ KAIROS_TRUST_PROXY: value }).trustProxy).toEqual(trusted));

  // A hop count would believe a direct client's forged X-Forwarded-For; names that are not addresses are typos.
  it.each(['1', '2', 'yes', '10.0.0.0/33', '10.0.0.1/8/2', 'proxy.clinic.example', '10.0.0.1,'])(
    'KAIROS_TRUST_PROXY=%j is refused',
    (value) => expect(() => loadConfig({ KAIROS_TRUST_PROXY: value })).toThrow(/KAIROS_TRUST_PROXY/),
  );

  it.each([
    ['demo mode, not set: on at 2575, not explicit', { KAIROS_MODE: 'demo' }, { port: 2575, explicit: false }],
    ['demo mode, off', { KAIROS_MODE: 'demo', KAIROS_HL7_PORT: 'off' }, null],
    ['test mode, not set: off', { KAIROS_MODE: 'test' }, null],
    ['production, not set: off', { KAIROS_MODE: 'production', KAIROS_AUDIT_KEY: 'k'.repeat(32), KAIROS_MFA_KEY: 'm'.repeat(32) }, null],
    [
      'a port set',
      { KAIROS_MODE: 'production', KAIROS_AUDIT_KEY: 'k'.repeat(32), KAIROS_MFA_KEY: 'm'.repeat(32), KAIROS_HL7_PORT: '2600' },
      { port: 2600, explicit: true },
    ],
    ['port 0 (the system chooses; tests)', { KAIROS_MODE: 'test', KAIROS_HL7_PORT: '0' }, { port: 0, explicit: true }],
  ])('the HL7 listener: %s', (_title, env, hl7) => {
    expect(loadConfig(env).hl7).toEqual(hl7);
  });

  it.each(['on', '65536', '-1', '25.75', 'true'])('KAIROS_HL7_PORT=%j is refused, naming the variable', (value) => {
    expect(() => loadConfig({ KAIROS_HL7_PORT: value })).toThrow(/KAIROS_HL7_PORT: must be off or a port from 0 to 65535/);
  });

  it('lets --port win over PORT', () => {
    expect(loadConfig({ PORT: '4000' }, { port: 4100 }).port).toBe(4100);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['+2h', 7_200_000],
    ['-30m', -1_800_000],
    ['7d', 604_800_000],
    ['1500', 1500],
    ['1.5s', 1500],
  ])('%s is %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));
  it.each(['', 'soon', '2 weeks', '--1h'])('%j is not a duration', (text) => expect(parseDurationMs(text)).toBeUndefined());
});
