import { JOB_NAMES } from './job-catalogue';
import { assertEveryJobHasAHandler, scheduleCheckEveryMs } from './job-workers';

describe('assertEveryJobHasAHandler', () => {
  const all = Object.fromEntries(
    Object.entries(JOB_NAMES).map(([queue, names]) => [queue, Object.fromEntries(names.map((n) => [n, async () => undefined]))]),
  );

  it('accepts handlers for every job of the catalogue', () => {
    expect(() => assertEveryJobHasAHandler(all)).not.toThrow();
  });

  it.each(Object.entries(JOB_NAMES).flatMap(([queue, names]) => names.map((name) => [queue, name])))(
    'refuses to start without a handler for %s/%s',
    (queue, name) => {
      const handlers = { ...all, [queue]: { ...all[queue] } };
      delete (handlers[queue] as Record<string, unknown>)[name];
      expect(() => assertEveryJobHasAHandler(handlers)).toThrow(`no processor for job(s): ${queue}/${name}`);
    },
  );
});

describe('scheduleCheckEveryMs', () => {
  it.each([
    [1, 1000],
    [2, 1000],
    [10, 5000],
    [60, 30_000],
    [3600, 30_000],
  ])('a %i s sweep interval is checked every %i ms (a lost schedule is back within one interval)', (seconds, ms) => {
    expect(scheduleCheckEveryMs(seconds)).toBe(ms);
    expect(scheduleCheckEveryMs(seconds)).toBeLessThanOrEqual(Math.max(seconds * 1000, 1000));
  });
});
