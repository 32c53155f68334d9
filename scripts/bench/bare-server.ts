// The benchmark's yardstick: bare Fastify answering the status route with a fixed JSON body of the
// size the API sends (and the same headers), nothing else. Started by status.ts as a child process:
//   node -r ts-node/register/transpile-only scripts/bench/bare-server.ts <port> <body-file>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile, 'utf8');

const app = Fastify({ logger: false });
app.get('/v1/public/cases/:caseNo', (_request, reply) => {
  void reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('etag', '"0123456789abcdefghijklmnopq"')
    .header('cache-control', 'private, no-cache')
    .header('vary', 'X-Access-Code')
    .send(body);
});
app.listen({ host: '127.0.0.1', port: Number(port) }).then(
  () => process.stdout.write('listening\n'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
