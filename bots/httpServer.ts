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

  // Headers every answer carries: no guessing of content types, no address leaked to other sites, and
  // nothing the server answers about people or demand kept by a browser or a proxy (pages and static
  // files set their own caching). Pages set their own Content-Security-Policy and framing rules.
  server.pre((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (/^\/(api|v3|healthz)(\/|$|\?)/.test(req.url ?? '')) res.setHeader('Cache-Control', 'no-store');
    next();
  });

  server.pre((_req, res, next) => {
    inFlight++;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      inFlight--;
      if (inFlight === 0) drained?.();
    };
    res.once('finish', finished);
    res.once('close', finished);
    next();
  });

  // Only this route takes restify's body parser: the API routes read their bodies themselves (bots/api/http.ts).
  server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }), async (req, res) => {
    const problem = activityProblem(req.body);
    if (problem) {
      logger.warn({ problem }, 'activity refused');
      res.status(400);
      res.json({ error: `activité refusée : ${problem}` });
      return;
    }
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

/** What makes a body unusable as a Bot Framework activity (the adapter would fail on it later, less clearly). */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'le corps doit être un objet JSON (une activité Bot Framework)';
  const a = body as { type?: unknown; channelId?: unknown; conversation?: { id?: unknown }; from?: { id?: unknown }; serviceUrl?: unknown };
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const missing = [
    text(a.type) ? undefined : 'type',
    text(a.channelId) ? undefined : 'channelId',
    text(a.conversation?.id) ? undefined : 'conversation.id',
    text(a.from?.id) ? undefined : 'from.id',
    text(a.serviceUrl) && URL.canParse(a.serviceUrl as string) ? undefined : 'serviceUrl',
  ].filter(Boolean);
  return missing.length ? `champ manquant ou invalide : ${missing.join(', ')}` : undefined;
}
