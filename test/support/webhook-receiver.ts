import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** A webhook receiver for fault tests: counts every POST per X-Alert-Id and the accepted ones. */
export class CountingReceiver {
  readonly posts = new Map<string, number>();
  readonly accepted = new Map<string, number>();
  answer = 204;
  /** Delay before answering (to keep deliveries in flight). */
  delayMs = 0;
  private server: Server | null = null;

  async listen(port = 0): Promise<number> {
    const server = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['x-alert-id']);
        this.posts.set(id, (this.posts.get(id) ?? 0) + 1);
        const answer = this.answer;
        setTimeout(() => {
          if (answer < 300) this.accepted.set(id, (this.accepted.get(id) ?? 0) + 1);
          res.writeHead(answer).end();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Ids accepted more than once (receivers deduplicate on X-Alert-Id, but we count). */
  duplicates(): string[] {
    return [...this.accepted].filter(([, n]) => n > 1).map(([id]) => id);
  }
}
