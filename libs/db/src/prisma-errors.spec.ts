import { Prisma } from './generated/prisma/client';
import { isDatabaseUnavailable } from './prisma-errors';

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '7', meta });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['P1001 from the ORM', known('P1001')],
    ['a raw query whose adapter says unreachable', known('P2010', { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } })],
    ['a closed connection', known('P2010', { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } })],
    ['a socket timeout', known('P2010', { driverAdapterError: { cause: { kind: 'SocketTimeout' } } })],
    ['the server shutting down (57P01)', known('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } })],
    ['the server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a pool timeout (P2024)', known('P2024')],
    ['node-postgres: connection terminated', new Error('Connection terminated unexpectedly')],
    ['node-postgres: connect timeout', new Error('timeout exceeded when trying to connect')],
    ['ECONNREFUSED in a cause', new Error('query failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })],
  ])('%s → unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', known('P2002')],
    ['a syntax error', known('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '42601' } } })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'oops'],
    ['null', null],
  ])('%s → not unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
