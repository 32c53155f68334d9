// The yardstick of bench:queue: bare Fastify answering GET /b/<i> with the i-th body file, fixed, with
// the headers a JSON answer has. Nothing else: no auth, no database, no serialisation.
//   node -r ts-node/register/transpile-only scripts/bench/bare-bodies.ts <port> <body-file>...
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, ...files] = process.argv.slice(2);
const bodies = files.map((f) => readFileSync(f, 'utf8'));

const app = Fastify({ logger: false });
app.get<{ Params: { i: string } }>('/b/:i', (request, reply) => {
  const body = bodies[Number(request.params.i)];
  if (body === undefined) return reply.code(404).send();
  return reply.header('content-type', 'application/json; charset=utf-8').header('etag', '"17"').send(body);
});
app.listen({ host: '127.0.0.1', port: Number(port) }).then(
  () => process.stdout.write('listening\n'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
