// The HTTP door: Bot Framework activities on /api/messages, /healthz for load balancers, and restify's own
// refusals (a body it cannot parse, an unknown address, a route that threw) said in French on every route.
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../services/logger';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './inputLimits';

/**
 * The largest activity accepted on /api/messages. A message's text is read up to 5,000 characters
 * (bots/inputLimits.ts: a longer one gets a polite answer), so this leaves room for a long text, its
 * attachments' descriptions and a channel's data; the Bot Framework's channels send far less.
 */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;
/** The longest identifier (channel, conversation, person, activity) accepted in an activity. */
export const MAX_ID_CHARS = 1_000;

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

  // Only this route and Telegram's webhook take restify's body parser: the API routes read their bodies
  // themselves (bots/api/http.ts). Its refusals (JSON that does not parse, a body too big) are said in
  // French below, with every other refusal of restify's.
  server.post(
    '/api/messages',
    (req, res, next) => {
      if (req.header('content-type') && !req.is('json')) {
        logger.warn({ contentType: req.header('content-type') }, 'activity refused');
        res.status(415);
        res.json({ error: 'activité refusée : envoyez l’activité en JSON (« Content-Type: application/json »)' });
        return next(false);
      }
      return next();
    },
    restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false }),
    async (req, res) => {
      const problem = activityProblem(req.body);
      if (problem) {
        logger.warn({ problem }, 'activity refused');
        res.status(400);
        res.json({ error: `activité refusée : ${problem}` });
        return;
      }
      await adapter.process(req, res, onTurn);
    },
  );

  server.get('/healthz', async (_req, res) => {
    const ok = await healthy();
    res.status(ok ? 200 : 503);
    res.json({ status: ok ? 'ok' : 'database unavailable' });
  });

  server.on('restifyError', (req, _res, err, callback) => {
    // A route that threw something else than a restify error: answered as a 500 below, not with its message.
    if (typeof err.statusCode !== 'number') err.statusCode = 500;
    if (err.statusCode >= 500) logger.error({ method: req.method, url: req.url, status: err.statusCode, err }, 'http request failed');
    // The part before the colon only: what follows may quote the body sent (JSON.parse does).
    else logger.warn({ method: req.method, url: req.url, status: err.statusCode, err: err.message.split(':')[0] }, 'http request refused');
    const error = frenchRefusal(req, err);
    if (error) err.toJSON = () => ({ error, code: err.body?.code });
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

/** restify's own refusals (a body it cannot parse, a route or a method that does not exist), in French. */
function frenchRefusal(req: restify.Request, err: { statusCode?: number; message: string }): string | undefined {
  const where = `${req.method} ${req.getPath()}`;
  switch (err.statusCode) {
    case 400:
      // The parser's own words follow, as for the API's bodies (bots/api/http.ts).
      return /json/i.test(err.message) ? `JSON invalide : ${err.message.replace(/^Invalid JSON: /i, '')}` : `Requête invalide : ${err.message}`;
    case 413: {
      const limit = Number(/(\d+)/.exec(err.message)?.[1] ?? MAX_ACTIVITY_BYTES);
      const size = limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} Mio` : `${Math.round(limit / 1024)} Kio`;
      return `Corps de requête trop volumineux : ${size} au plus.`;
    }
    case 404:
      return `Adresse inconnue : ${where}.`;
    case 405:
      return `Méthode non acceptée à cette adresse : ${where}.`;
    case 500:
      // What went wrong is for the logs (restify would send the error's own message).
      return 'Erreur interne : réessayez plus tard.';
    default:
      return undefined;
  }
}

/** What makes a body unusable as a Bot Framework activity (the adapter or the bot would fail on it later, less clearly). */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'le corps doit être un objet JSON (une activité Bot Framework)';
  if (nestedDeeperThan(body)) return `le JSON est imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux`;
  const a = body as Record<string, unknown> & { conversation?: { id?: unknown }; from?: { id?: unknown } };
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const missing = [
    text(a.type) ? undefined : 'type',
    text(a.channelId) ? undefined : 'channelId',
    text(a.conversation?.id) ? undefined : 'conversation.id',
    text(a.from?.id) ? undefined : 'from.id',
    text(a.serviceUrl) && URL.canParse(a.serviceUrl as string) ? undefined : 'serviceUrl',
  ].filter(Boolean);
  if (missing.length) return `champ manquant ou invalide : ${missing.join(', ')}`;
  // Identifiers become database keys and the connector's URLs: a channel's are far shorter than this.
  const tooLong = (['channelId', 'conversation.id', 'from.id', 'id', 'replyToId'] as const).filter((field) => {
    const value = field.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], a);
    return typeof value === 'string' && value.length > MAX_ID_CHARS;
  });
  if (tooLong.length) return `identifiant trop long (${MAX_ID_CHARS} caractères au plus) : ${tooLong.join(', ')}`;
  const wrong = [
    a.text === undefined || a.text === null || typeof a.text === 'string' ? undefined : 'text (une chaîne)',
    a.id === undefined || typeof a.id === 'string' ? undefined : 'id (une chaîne)',
    a.locale === undefined || a.locale === null || typeof a.locale === 'string' ? undefined : 'locale (une chaîne)',
    listOf(a.membersAdded, (m) => text(m.id)) ? undefined : 'membersAdded (une liste de comptes avec un id)',
    listOf(a.membersRemoved, (m) => text(m.id)) ? undefined : 'membersRemoved (une liste de comptes avec un id)',
    listOf(a.attachments) ? undefined : 'attachments (une liste d’objets)',
    listOf(a.entities) ? undefined : 'entities (une liste d’objets)',
  ].filter(Boolean);
  return wrong.length ? `champ invalide : ${wrong.join(', ')}` : undefined;
}

/** Absent, or an array of objects that each pass `check`. */
function listOf(value: unknown, check: (item: Record<string, unknown>) => boolean = () => true): boolean {
  if (value === undefined || value === null) return true;
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && check(item));
}
