import { cappedExponentialDelay, reconnectDelayMs } from './queues';

describe('cappedExponentialDelay (webhook retries, never given up)', () => {
  it.each([
    [1, 2000],
    [2, 4000],
    [3, 8000],
    [11, 2_048_000],
    [12, 3_600_000], // 4,096,000 would pass the one-hour cap
    [100, 3_600_000],
    [2_000_000_000, 3_600_000], // no overflow however long it has been failing
  ])('attempt %i waits %i ms (first 2 s, cap 1 h)', (attempt, ms) => {
    expect(cappedExponentialDelay(attempt, 2000, 3_600_000)).toBe(ms);
  });
});

describe('reconnectDelayMs', () => {
  it('grows by 200 ms and never waits more than 2 s', () => {
    expect([1, 2, 5, 10, 1000].map(reconnectDelayMs)).toEqual([200, 400, 1000, 2000, 2000]);
  });
});
