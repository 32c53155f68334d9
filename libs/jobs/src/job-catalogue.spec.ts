import { JOB_NAMES, JobCatalog, QueueName, cappedExponentialDelay, recomputeJobId } from './job-catalogue';

describe('the job catalogue', () => {
  it('lists every queue and job name once', () => {
    // A name missing from JOB_NAMES would have no processor check at start: the type below fails to compile then.
    const names: { [Q in QueueName]: Record<keyof JobCatalog[Q], true> } = {
      sla: { 'recompute-due-dates': true, sweep: true },
      alerts: { 'deliver-alert': true },
    };
    expect(Object.keys(JOB_NAMES).sort()).toEqual(Object.keys(names).sort());
    for (const queue of Object.keys(names) as QueueName[]) {
      expect([...JOB_NAMES[queue]].sort()).toEqual(Object.keys(names[queue]).sort());
      expect(new Set(JOB_NAMES[queue]).size).toBe(JOB_NAMES[queue].length);
    }
  });

  it('gives a recomputation request one job id', () => {
    expect(recomputeJobId('42')).toBe('recompute-42');
  });
});

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
