import { loadConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { addUser } from '../../services/accounts/add-user.js';
import { setUserPassword } from '../../services/accounts/set-user-password.js';
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
  usage: `Usage: kairos user add --email E --role R [--role R2 ...] [--name "Display Name"]

Roles: ${ROLES.join(', ')}. A user may hold several. The password (at least 12 characters, not a
common password) is asked twice on a terminal, or read as one line from standard input.
With the embedded database, stop the server first.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
    });
    const email = requireOption(values, 'email');
    const roles = values.role ?? [];
    if (roles.length === 0) throw new CliError('USAGE', `missing required option --role (one of ${ROLES.join(', ')})`);
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0)
      throw new CliError('INVALID_INPUT', `--role: unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
    const config = loadConfig();
    const password = await readPassword(`Password for ${email}: `, { confirm: true });
    const id = await withDatabase(config, 'kairos user add', (d) =>
      addUser(d.db, { email, displayName: values.name ?? email, roles: roles as Role[], password }, cliMeta(config)).catch(asCliError),
    );
    io.stdout(`Created user ${email} (${roles.join(', ')}), id ${id}\n`);
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
