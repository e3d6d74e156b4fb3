// The HTTP door: Bot Framework activities on /api/messages, and /healthz for load balancers.
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../services/logger';

export interface HttpServerDeps {
  adapter: CloudAdapter;
  onTurn: (context: TurnContext) => Promise<void>;
  /** True when the database answers. */
  healthy: () => Promise<boolean>;
  logger: Logger;
}

export interface HttpServer {
  readonly server: restify.Server;
  listen(port: number, host: string): Promise<{ port: number }>;
  /** Stops accepting, lets the requests in flight finish (up to `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

export function createHttpServer({ adapter, onTurn, healthy, logger }: HttpServerDeps): HttpServer {
  const server = restify.createServer({ name: 'blablaform' });
  let inFlight = 0;
  let drained: (() => void) | undefined;

  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  server.pre((req, res, next) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    next();
  });

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, onTurn);
  });

  server.get('/healthz', async (_req, res) => {
    const ok = await healthy();
    res.status(ok ? 200 : 503);
    res.json({ status: ok ? 'ok' : 'database unavailable' });
  });

  server.on('restifyError', (req, _res, err, callback) => {
    logger.warn({ method: req.method, url: req.url, status: err.statusCode, err: err.message }, 'http request refused');
    callback();
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve({ port: (server.address() as { port: number }).port }));
      });
    },
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      server.server.closeAllConnections();
      await closed;
    },
  };
}
