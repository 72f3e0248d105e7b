/** A reverse proxy that records each request and response: stands where a load balancer would, in front of our server. */
import { createServer, type Server } from 'node:http';

export interface Exchange {
  method: string;
  path: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

export class RecordingProxy {
  readonly exchanges: Exchange[] = [];
  private server?: Server;
  url = '';
  constructor(private readonly target: () => string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as Array<[string, string]>,
        );
        const r = await fetch(this.target() + req.url, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
        const text = await r.text();
        this.exchanges.push({ method: req.method ?? '', path: req.url ?? '', requestBody: body, status: r.status, responseBody: text });
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
        res.end(text);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    return this;
  }

  async stop() {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
