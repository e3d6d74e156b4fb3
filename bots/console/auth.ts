// Signing in to the advisors' console. The session token travels only in an HTTP-only cookie
// (scripts in the page never see it); changes also need the session's CSRF token in a header, which
// a page of another site cannot read, and an Origin, when the browser sends one, of this very host.
//   POST /console/api/login  {email, password}  →  {advisor, csrfToken} + cookie
//   POST /console/api/logout (CSRF)             →  204, session deleted, cookie cleared
//   GET  /console/api/me                        →  {advisor, csrfToken}, or 401
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AdvisorAccount, AdvisorRole, Advisors } from '../../services/handoff/advisors';
import type { Logger } from '../../services/logger';
import { ApiError, readJson, route, sendError } from '../api/http';

export interface SignedIn {
  advisor: AdvisorAccount;
  csrfToken: string;
}

export interface ConsoleAuthOptions {
  advisors: Advisors;
  logger: Logger;
  now?: () => Date;
}

/**
 * The advisor signed in on this request, or an ApiError: 401 without a live session, 403 without the
 * role asked for, and 403 for a change (POST, PUT, PATCH, DELETE; or `csrf: true`) without the right
 * X-CSRF-Token or from another Origin.
 */
export type RequireAdvisor = (req: Request, need?: { role?: AdvisorRole; csrf?: boolean }) => Promise<SignedIn>;

export const SESSION_COOKIE = 'blablaform_console';
const COOKIE_ATTRIBUTES = 'HttpOnly; Secure; SameSite=Strict; Path=/console';
const MAX_BODY_BYTES = 16 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const NOT_SIGNED_IN = 'Session expirée ou absente : reconnectez-vous.';
const WRONG_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';
const ROLE_NAMES: Record<AdvisorRole, string> = { ADVISOR: 'aux conseillers', ANALYST: 'aux analystes' };

const loginBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

/** Failed sign-ins: 5 per email or 20 per address within 15 minutes, then 429 until the oldest ages out. */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 20;

export function registerConsoleAuth(server: Server, { advisors, logger, now = () => new Date() }: ConsoleAuthOptions): { requireAdvisor: RequireAdvisor } {
  const failuresByEmail = new FailedAttempts(MAX_FAILURES_PER_EMAIL, now);
  const failuresByIp = new FailedAttempts(MAX_FAILURES_PER_IP, now);

  const requireAdvisor: RequireAdvisor = async (req, need = {}) => {
    const isChange = !SAFE_METHODS.has(req.method ?? 'GET') || need.csrf === true;
    if (isChange) checkOrigin(req);
    const token = sessionToken(req);
    const signedIn = token ? await advisors.session(token) : undefined;
    if (!signedIn) throw new ApiError(401, NOT_SIGNED_IN);
    if (isChange && !sameSecret(req.header('x-csrf-token') ?? '', signedIn.csrfToken)) {
      throw new ApiError(403, 'Jeton CSRF absent ou invalide : rechargez la page de la console.');
    }
    if (need.role && !signedIn.advisor.roles.includes(need.role)) {
      throw new ApiError(403, `Accès réservé ${ROLE_NAMES[need.role]} : votre compte n’a pas ce rôle.`);
    }
    return signedIn;
  };

  // What these answers say is for one person at one moment: no cache, shared or private, may keep it.
  server.pre((req, res, next) => {
    if (req.url?.startsWith('/console/api/')) res.header('Cache-Control', 'no-store');
    return next();
  });

  server.post(
    '/console/api/login',
    route(async (req, res) => {
      checkOrigin(req);
      const parsed = loginBody.safeParse(await readJson(req, MAX_BODY_BYTES));
      if (!parsed.success) throw new ApiError(400, 'Requête invalide : « email » et « password » (des chaînes) sont attendus.');
      const { email, password } = parsed.data;
      const emailKey = email.toLowerCase();
      const ip = req.socket.remoteAddress ?? 'unknown';

      const waitMs = Math.max(failuresByEmail.waitMs(emailKey), failuresByIp.waitMs(ip));
      if (waitMs > 0) {
        const minutes = Math.ceil(waitMs / 60_000);
        logger.warn({ email: emailTag(emailKey), status: 429 }, 'console login throttled');
        res.header('Retry-After', String(Math.ceil(waitMs / 1000)));
        return sendError(res, 429, `Trop de tentatives de connexion : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`);
      }
      // Counted as failed before checking, and forgiven on success: parallel attempts cannot slip past the limit.
      failuresByEmail.record(emailKey);
      const attemptedAt = failuresByIp.record(ip);

      // No account's address holds a control character, and the database refuses NUL: such an address is just a wrong one.
      const advisor = /[\u0000-\u001f\u007f]/.test(emailKey) ? undefined : await advisors.verify(emailKey, password);
      if (!advisor) {
        logger.warn({ email: emailTag(emailKey), status: 401 }, 'console login refused');
        return sendError(res, 401, WRONG_CREDENTIALS);
      }
      failuresByEmail.forget(emailKey);
      failuresByIp.forgive(ip, attemptedAt);

      const previous = sessionToken(req);
      if (previous) await advisors.closeSession(previous);
      await advisors.purgeExpiredSessions();
      const session = await advisors.openSession(advisor);
      const maxAge = Math.max(0, Math.round((session.expiresAt.getTime() - now().getTime()) / 1000));
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session.token}; ${COOKIE_ATTRIBUTES}; Max-Age=${maxAge}`);
      logger.info({ advisorId: advisor.id }, 'console login');
      res.json({ advisor: publicAdvisor(advisor), csrfToken: session.csrfToken });
    }, logger),
  );

  server.post(
    '/console/api/logout',
    route(async (req, res) => {
      await requireAdvisor(req);
      await advisors.closeSession(sessionToken(req)!);
      clearCookie(res);
      res.send(204);
    }, logger),
  );

  server.get(
    '/console/api/me',
    route(async (req, res) => {
      const { advisor, csrfToken } = await requireAdvisor(req);
      res.json({ advisor: publicAdvisor(advisor), csrfToken });
    }, logger),
  );

  return { requireAdvisor };
}

function publicAdvisor({ id, email, name, roles }: AdvisorAccount) {
  return { id, email, name, roles };
}

function clearCookie(res: Response): void {
  res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`);
}

function sessionToken(req: Request): string | undefined {
  return parseCookies(req.header('cookie') ?? '').get(SESSION_COOKIE) || undefined;
}

/** `a=1; b=2` → Map; the first of several cookies with one name wins (browsers send the most specific path first). */
export function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/** A browser sends Origin with every POST: it must be this host, whatever the scheme (a proxy may end TLS). */
function checkOrigin(req: Request): void {
  const origin = req.header('origin');
  if (origin === undefined || origin === '') return;
  const host = req.header('host');
  let same = false;
  try {
    const url = new URL(origin);
    same = (url.protocol === 'http:' || url.protocol === 'https:') && !!host && url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    same = false;
  }
  if (!same) throw new ApiError(403, 'Origine refusée : cette requête ne vient pas de la console.');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Enough to follow one address through the logs without writing it there. */
function emailTag(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 12);
}

/**
 * Failed attempts per key over the last WINDOW_MS, in this process's memory: a restart forgets them,
 * and with several instances behind a load balancer each one counts its own.
 */
class FailedAttempts {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly now: () => Date,
  ) {}

  /** Milliseconds before this key may try again; 0 when it may now. */
  waitMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return recent[recent.length - this.limit] + WINDOW_MS - this.now().getTime();
  }

  record(key: string): number {
    const at = this.now().getTime();
    this.attempts.set(key, [...this.recent(key), at]);
    if (this.attempts.size > 10_000) for (const k of [...this.attempts.keys()]) this.recent(k);
    return at;
  }

  forget(key: string): void {
    this.attempts.delete(key);
  }

  /** Takes back one attempt recorded at `at` (it succeeded). */
  forgive(key: string, at: number): void {
    const list = this.attempts.get(key);
    const i = list?.lastIndexOf(at) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  private recent(key: string): number[] {
    const since = this.now().getTime() - WINDOW_MS;
    const recent = (this.attempts.get(key) ?? []).filter((at) => at > since);
    if (recent.length) this.attempts.set(key, recent);
    else this.attempts.delete(key);
    return recent;
  }
}
