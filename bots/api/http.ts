// What every route of the HTTP API shares: the bearer token, JSON bodies read with a size limit,
// and errors that say in French what is wrong.
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'restify';
import type { z } from 'zod';
import type { Logger } from '../../services/logger';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Headers the answer carries too. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** How a 400 begins: « Requête invalide » for the API, « Filtres invalides » for the dashboard's filters. */
interface Invalid {
  title?: string;
}

/** The query string as an object. A repeated parameter is a 400, except those in `lists`, whose values are joined with commas. */
export function queryObject(req: Request, { title = 'Requête invalide', lists = new Set<string>() }: Invalid & { lists?: Set<string> } = {}): Record<string, string> {
  const params = new URL(req.url ?? '', 'http://localhost').searchParams;
  const query: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (values.length > 1 && !lists.has(key)) throw new ApiError(400, `${title} : paramètre répété : ${key}.`);
    query[key] = values.join(',');
  }
  return query;
}

/** Validates with zod; the 400 names each wrong parameter or field and what it expects. */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  { title = 'Requête invalide', unknownKey = 'paramètre inconnu' }: Invalid & { unknownKey?: string } = {},
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `${unknownKey} : ${i.keys.join(', ')}`;
    return i.path.length ? `${i.path.join('.')} : ${i.message}` : i.message;
  });
  throw new ApiError(400, `${title} : ${problems.join(' ; ')}.`);
}

export function sendError(res: Response, status: number, message: string): void {
  res.status(status);
  res.json({ error: message });
}

/**
 * `Authorization: Bearer <API_TOKEN>`, checked before anything else. Without a token configured the
 * API stays closed (the bot does not need it).
 */
export function requireToken(token: string | undefined, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      logger.warn({ method: req.method, url: req.url, status: 401 }, 'api call refused: no API_TOKEN configured');
      sendError(res, 401, 'API fermée : ce serveur n’a pas de jeton configuré (variable API_TOKEN).');
      return next(false);
    }
    const given = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1]?.trim();
    if (!given || !sameSecret(given, token)) {
      logger.warn({ method: req.method, url: req.url, status: 401, tokenGiven: Boolean(given) }, 'api call refused: bad token');
      res.header('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'Jeton absent ou invalide : envoyez l’en-tête « Authorization: Bearer <API_TOKEN> ».');
      return next(false);
    }
    return next();
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request body as JSON; an ApiError(400) when it is too big or not JSON. */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.header('content-length'));
  if (declared > maxBytes) throw tooBig(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooBig(maxBytes);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw.trim()) throw new ApiError(400, 'Corps de requête vide : un objet JSON est attendu.');
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ApiError(400, `JSON invalide : ${(err as Error).message}`);
  }
}

function tooBig(maxBytes: number): ApiError {
  // The rest of the body is not read: the connection closes after the answer, or the next request on it would wait behind that rest.
  return new ApiError(400, `Corps de requête trop volumineux : ${Math.round(maxBytes / 1024)} Kio au plus.`, { Connection: 'close' });
}

/** Runs a route, turning an ApiError into its answer and anything else into a 500 that reveals nothing; both are logged. */
export function route(handler: (req: Request, res: Response) => Promise<void>, logger: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      if (err instanceof ApiError) {
        // The part before the colon only: what follows may quote the caller's body (JSON.parse does).
        logger.warn({ method: req.method, url: req.url, status: err.status, problem: err.message.split(' :')[0] }, 'api call refused');
        for (const [name, value] of Object.entries(err.headers)) res.header(name, value);
        return sendError(res, err.status, err.message);
      }
      logger.error({ err, method: req.method, url: req.url }, 'api call failed');
      sendError(res, 500, 'Erreur interne : réessayez plus tard.');
    }
  };
}
