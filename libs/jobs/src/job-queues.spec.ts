import { reconnectDelayMs } from './job-queues';

describe('reconnectDelayMs', () => {
  it('grows by 200 ms and never waits more than 2 s', () => {
    expect([1, 2, 5, 10, 1000].map(reconnectDelayMs)).toEqual([200, 400, 1000, 2000, 2000]);
  });
});
