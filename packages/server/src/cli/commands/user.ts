import { loadConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { addUser } from '../../services/accounts/add-user.js';
import { setUserPassword } from '../../services/accounts/set-user-password.js';
import { setUserSite } from '../../services/accounts/set-user-site.js';
import { resetSecondFactor } from '../../services/second-factor/remove-second-factor.js';
import { ROLES, type Role } from '../../store/schema.js';
import { cliMeta, readPassword, withDatabase } from '../admin-support.js';
import { CliError, parseOptions, requireOption, type CliCommand } from '../command.js';

function asCliError(err: unknown): never {
  if (err instanceof AppError) throw new CliError(err.code === 'VALIDATION_FAILED' ? 'INVALID_INPUT' : err.code, err.message);
  throw err;
}

export const userAddCommand: CliCommand = {
  name: 'user add',
  summary: 'Create a staff user (the password is asked, or read from standard input)',
  usage: `Usage: kairos user add --email E --role R [--role R2 ...] [--name "Display Name"] [--site S [--time-zone TZ]]

Roles: ${ROLES.join(', ')}. A user may hold several. The password (at least 12 characters, not a
common password) is asked twice on a terminal, or read as one line from standard input.
Every user belongs to a site, and sees only that site's patients and schedule: --site names it
(its name or id), and may be left out while exactly one site exists. On a new installation,
--site "Clinic name" --time-zone America/New_York creates the first site with the first user.
With the embedded database, stop the server first.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      site: { type: 'string' },
      'time-zone': { type: 'string' },
    });
    const email = requireOption(values, 'email');
    if (values['time-zone'] !== undefined && values.site === undefined)
      throw new CliError('USAGE', '--time-zone creates a new site: give its name with --site');
    const roles = values.role ?? [];
    if (roles.length === 0) throw new CliError('USAGE', `missing required option --role (one of ${ROLES.join(', ')})`);
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0)
      throw new CliError('INVALID_INPUT', `--role: unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
    const config = loadConfig();
    const password = await readPassword(`Password for ${email}: `, { confirm: true });
    const id = await withDatabase(config, 'kairos user add', (d) =>
      addUser(
        d.db,
        {
          email,
          displayName: values.name ?? email,
          roles: roles as Role[],
          password,
          ...(values.site !== undefined ? { site: values.site } : {}),
          ...(values['time-zone'] !== undefined ? { newSiteTimeZone: values['time-zone'] } : {}),
        },
        cliMeta(config),
      ).catch(asCliError),
    );
    io.stdout(`Created user ${email} (${roles.join(', ')}) at ${id.siteName}, id ${id.userId}\n`);
    return 0;
  },
};

export const userPasswdCommand: CliCommand = {
  name: 'user passwd',
  summary: "Set a staff user's password (ends their open sessions)",
  usage: `Usage: kairos user passwd --email E

Sets a new password (asked twice on a terminal, or one line of standard input) and signs the
user out everywhere. With the embedded database, stop the server first.`,
  async run(args, io) {
    const { values } = parseOptions(args, { email: { type: 'string' } });
    const email = requireOption(values, 'email');
    const config = loadConfig();
    const password = await readPassword(`New password for ${email}: `, { confirm: true });
    await withDatabase(config, 'kairos user passwd', (d) => setUserPassword(d.db, email, password, cliMeta(config)).catch(asCliError));
    io.stdout(`Password changed for ${email}; their sessions are closed.\n`);
    return 0;
  },
};

export const userSiteCommand: CliCommand = {
  name: 'user site',
  summary: 'Attach a staff user to a site (they see only its patients and schedule)',
  usage: `Usage: kairos user site --email E --site S

S is the site's name or id. The user sees that site's patients and schedule from their next
request on. With the embedded database, stop the server first.`,
  async run(args, io) {
    const { values } = parseOptions(args, { email: { type: 'string' }, site: { type: 'string' } });
    const email = requireOption(values, 'email');
    const site = requireOption(values, 'site');
    const config = loadConfig();
    const { siteName } = await withDatabase(config, 'kairos user site', (d) =>
      setUserSite(d.db, email, site, cliMeta(config)).catch(asCliError),
    );
    io.stdout(`${email} now works at ${siteName}.\n`);
    return 0;
  },
};

export const userResetSecondFactorCommand: CliCommand = {
  name: 'user reset-second-factor',
  summary: "Remove a staff user's second factor (a lost phone and lost recovery codes; ends their sessions)",
  usage: `Usage: kairos user reset-second-factor --email E

For someone who lost both their authenticator app and their recovery codes: removes their second
factor and signs them out everywhere. In production their next sign-in can do nothing but set up a
new one. Check who is asking before you do this. With the embedded database, stop the server first.`,
  async run(args, io) {
    const { values } = parseOptions(args, { email: { type: 'string' } });
    const email = requireOption(values, 'email');
    const config = loadConfig();
    await withDatabase(config, 'kairos user reset-second-factor', (d) => resetSecondFactor(d.db, email, cliMeta(config)).catch(asCliError));
    io.stdout(`Second factor removed for ${email}; their sessions are closed. They set up a new one at their next sign-in.\n`);
    return 0;
  },
};
