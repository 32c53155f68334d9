// npm run bench:sla-lists — what the queue page's four counts cost at provincial scale.
//
// The console's queue page asks, on every visit and refresh, for one page (limit 100) of each of
// sla=OVERDUE, DUE_SOON, ON_TRACK and PAUSED with the user's other filters. On the database bench:queue
// keeps (BENCH_QUEUE_DATABASE, default casedesk_bench_queue, 1,000,000 open cases unless --cases), with
// the API's list cache off (every request reads the database), this times each of those lists and the
// plain list, three requests in a row, for an admin and for a clerk and a supervisor of each agency
// in --agencies (default 440100, the busiest, and 650200, a small one). Latencies of single requests
// on an idle API, not throughput: the first of three is the cold one.
// Options: --cases N, --agencies A,B, --slas S,S (the order, `none` for the plain list), --dist DIR.
import { BENCH_ADMIN, api, benchDatabase, deleteRedisPrefix, log, option, startApi, tokenFor, uptime } from './harness';

const SLAS = 'OVERDUE,DUE_SOON,ON_TRACK,PAUSED,none';
const TIMES = 3;

async function main(argv: string[]): Promise<void> {
  const cases = Number(option(argv, 'cases', '1000000'));
  const agencies = option(argv, 'agencies', '440100,650200').split(',');
  const dist = option(argv, 'dist', 'dist');
  const slas = option(argv, 'slas', SLAS).split(',').map((sla) => (sla === 'none' ? null : sla));
  log(`machine: ${uptime()}`);
  const url = await benchDatabase(process.env.BENCH_QUEUE_DATABASE ?? 'casedesk_bench_queue', cases, argv.includes('--reseed'));
  const prefix = `casedesk-bench-sla-lists-${Date.now()}`;
  const server = await startApi(url, { dist, redisPrefix: prefix, env: { CASE_LIST_CACHE_ENTRIES: '0' } });
  try {
    const admin = await tokenFor(server.url, null, BENCH_ADMIN);
    const tag = Date.now();
    const readers: [string, string][] = [['admin', admin]];
    for (const agency of agencies) {
      const user = (role: string) => ({ username: `bench-${role.toLowerCase()}-${agency}-${tag}`, password: 'bench-sla-lists-password', role, agency });
      readers.push([`clerk ${agency}`, await tokenFor(server.url, admin, user('CLERK'))]);
      readers.push([`supervisor ${agency}`, await tokenFor(server.url, admin, user('SUPERVISOR'))]);
    }
    console.log(`\n${'reader'.padEnd(18)} ${'sla'.padEnd(9)} items  ms (${TIMES} in a row)`);
    for (const [name, token] of readers) {
      for (const sla of slas) {
        const times: number[] = [];
        let items = 0;
        for (let i = 0; i < TIMES; i++) {
          const started = performance.now();
          const res = await api(server.url, 'GET', `/v1/cases?limit=100${sla === null ? '' : `&sla=${sla}`}`, token);
          times.push(performance.now() - started);
          if (res.status !== 200) throw new Error(`${name} sla=${sla}: ${res.status} ${res.text}`);
          items = res.json.items.length;
        }
        console.log(`${name.padEnd(18)} ${(sla ?? '(none)').padEnd(9)} ${String(items).padStart(5)}  ${times.map((ms) => ms.toFixed(0).padStart(5)).join(' ')}`);
      }
    }
  } finally {
    await server.stop();
    await deleteRedisPrefix(prefix);
  }
  console.log(`\n${uptime()}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:sla-lists failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
