import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOYED_API } from '../scripts/bench/harness';

const read = (file: string) => readFileSync(join(__dirname, '..', file), 'utf8');

/**
 * The API's memory settings (a capped V8 heap, two malloc arenas) are the same wherever it is started,
 * and the benches measure it with them: one list of them, checked against each place that starts it.
 */
describe('the API as deployed', () => {
  const flags = DEPLOYED_API.nodeArgs;

  it('the image runs the API with the node options and the environment the benches use', () => {
    const dockerfile = read('Dockerfile');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    const cmd = /^CMD (\[.*\])$/m.exec(runtime)?.[1];
    expect(cmd).toBeDefined();
    const args = JSON.parse(cmd!) as string[];
    expect(args.slice(-1)).toEqual(['dist/apps/api/main.js']);
    for (const flag of flags) expect(args).toContain(flag);
    for (const [name, value] of Object.entries(DEPLOYED_API.env)) expect(runtime).toMatch(new RegExp(`^ENV .*\\b${name}=${value}\\b`, 'm'));
  });

  it('docker-compose, npm run start:api and npm run up start it the same way', () => {
    const compose = /command: (\[.*"dist\/apps\/api\/main\.js"\])/.exec(read('docker-compose.yml'))?.[1];
    for (const flag of flags) expect(JSON.parse(compose!)).toContain(flag);
    const startApi = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start:api'];
    const up = /^start api (.*)$/m.exec(read('scripts/up.sh'))?.[1];
    for (const flag of flags) {
      expect(startApi.split(' ')).toContain(flag);
      expect(up?.split(' ')).toContain(flag);
    }
    for (const [name, value] of Object.entries(DEPLOYED_API.env)) {
      expect(startApi).toContain(`${name}=${value}`);
      expect(read('scripts/up.sh')).toContain(`${name}=${value} nohup node`);
    }
  });
});
