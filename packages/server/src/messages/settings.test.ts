/** The mail settings of the configuration, and what message content takes from them. */
import { describe, expect, it } from 'vitest';
import { loadConfig, mailFromAddress, type ConfigError } from '../config.js';
import { messageSettings } from './producers.js';

describe('mail configuration', () => {
  it('defaults: no SMTP URL, a From at kairos.invalid, no public URL', () => {
    const c = loadConfig({ KAIROS_MODE: 'test' });
    expect({ smtpUrl: c.smtpUrl, mailFrom: c.mailFrom, publicUrl: c.publicUrl }).toEqual({
      smtpUrl: undefined,
      mailFrom: 'Kairos <no-reply@kairos.invalid>',
      publicUrl: undefined,
    });
    // Demo and test: links point at this machine.
    expect(messageSettings(c)).toEqual({ publicUrl: 'http://localhost:3000', messageIdDomain: 'kairos.invalid' });
    // Production without a public URL: no link, the code alone.
    expect(messageSettings({ ...c, mode: 'production' })).toEqual({ publicUrl: undefined, messageIdDomain: 'kairos.invalid' });
  });

  it('reads the SMTP URL, the From (its domain names the Message-IDs) and the public URL without its trailing slash', () => {
    const c = loadConfig({
      KAIROS_MODE: 'production',
      KAIROS_AUDIT_KEY: 'k'.repeat(40),
      KAIROS_MFA_KEY: 'm'.repeat(40),
      KAIROS_SMTP_URL: 'smtps://u:p@mail.clinic.example:465',
      KAIROS_MAIL_FROM: 'Clinic <care@clinic.example>',
      KAIROS_PUBLIC_URL: 'https://kairos.clinic.example/',
    });
    expect(c.smtpUrl).toBe('smtps://u:p@mail.clinic.example:465');
    expect(messageSettings(c)).toEqual({ publicUrl: 'https://kairos.clinic.example', messageIdDomain: 'clinic.example' });
  });

  it('refuses a wrong SMTP URL without echoing it (it may carry a password), a From without an address, a public URL that is not http(s)', () => {
    let problems: string[] = [];
    try {
      loadConfig({ KAIROS_SMTP_URL: 'http://user:hunter2@mail', KAIROS_MAIL_FROM: 'Kairos', KAIROS_PUBLIC_URL: 'ftp://x' });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(':')[0])).toEqual(['KAIROS_SMTP_URL', 'KAIROS_MAIL_FROM', 'KAIROS_PUBLIC_URL']);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('finds the address of a From', () => {
    expect(mailFromAddress('Kairos <no-reply@kairos.invalid>')).toBe('no-reply@kairos.invalid');
    expect(mailFromAddress('care@clinic.example')).toBe('care@clinic.example');
    expect(mailFromAddress('Kairos')).toBeUndefined();
  });
});

describe('the portal-link message without a public URL (production)', () => {
  it('gives the code and where to enter it, never a path to add to an address', async () => {
    const { portalLinkMessage, bodyForSending } = await import('./templates.js');
    const m = portalLinkMessage({
      givenName: 'Maya',
      siteName: 'Clinic',
      timeZone: 'UTC',
      link: '/portal/enter?token=abc',
      code: '12345678',
      expiresAt: new Date(Date.UTC(2026, 11, 5, 12)),
      publicUrl: undefined,
    });
    const body = bodyForSending(m.body);
    expect(body).toContain(
      "Open the clinic's patient portal (ask the clinic for its web address if you do not have it) and enter this code: 1234-5678",
    );
    expect(body).not.toMatch(/end of the address|\/portal\/enter/);
  });
});
