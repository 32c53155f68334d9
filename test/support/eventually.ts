/**
 * Polls `probe` every `everyMs` until it returns a value (anything but null or undefined) and returns that
 * value. A probe that throws (an `expect` not met yet, a connection refused) counts as "not yet". After
 * `timeoutMs` it fails with "timed out after … ms waiting for <what>" and the probe's last error, if any
 * (`what` may be a function, read at that moment: e.g. a child process's output so far).
 *
 * This is how a test waits for something that happens in the background: on the observable condition,
 * bounded, never a fixed sleep.
 */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined> | T | null | undefined,
  timeoutMs: number,
  what: string | (() => string),
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError === undefined ? '' : `; the last check failed with: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${why}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
