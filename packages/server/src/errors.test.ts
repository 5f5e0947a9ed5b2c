import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from './errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable: the database is down, not the query wrong', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED'), true],
    ['a reset connection', withCode('ECONNRESET'), true],
    ['PostgreSQL shutting down (57P01)', withCode('57P01'), true],
    ['PostgreSQL starting up (57P03)', withCode('57P03'), true],
    ['a connection failure (08006)', withCode('08006'), true],
    ['pg: the connection ended', new Error('Connection terminated unexpectedly'), true],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect'), true],
    ['a unique violation (23505)', withCode('23505'), false],
    ['a syntax error (42601)', withCode('42601'), false],
    ['any other error', new Error('boom'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s', (_name, err, unreachable) => {
    expect(isDatabaseUnreachable(err)).toBe(unreachable);
  });
});
