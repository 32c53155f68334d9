import type { Harness } from './api-harness';

/** One answered request of a traffic loop. */
export interface Sample {
  at: number;
  sentAt: number;
  op: string;
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  code: string | null;
}

/**
 * Keeps `concurrency` loops of requests going until stopped; `step` makes one request of a loop and
 * returns its response. Records every answer (a failed connection is status 0).
 */
export function runTraffic(
  h: Harness,
  concurrency: number,
  step: (loop: number, i: number) => Promise<{ op: string; res: { status: number; headers: Headers; body: any } }>,
): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async (_, loop) => {
    for (let i = 0; running; i += 1) {
      const sentAt = Date.now();
      try {
        const { op, res } = await step(loop, i);
        samples.push({
          at: Date.now(),
          sentAt,
          op,
          status: res.status,
          contentType: res.headers.get('content-type'),
          retryAfter: res.headers.get('retry-after'),
          code: typeof res.body === 'object' && res.body !== null ? ((res.body as { code?: string }).code ?? null) : null,
        });
      } catch {
        samples.push({ at: Date.now(), sentAt, op: 'error', status: 0, contentType: null, retryAfter: null, code: null });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  void h;
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

export function tally(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[`${s.op} ${s.status}${s.code ? ` ${s.code}` : ''}`] = (out[`${s.op} ${s.status}${s.code ? ` ${s.code}` : ''}`] ?? 0) + 1;
  return out;
}
