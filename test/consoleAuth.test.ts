// Signing in to the console over real HTTP: the session cookie and its attributes, the same 401 for a
// wrong password and an unknown email, throttling after repeated failures, CSRF and Origin checks on
// changes, roles, logout and expiry.
import restify from 'restify';
import { openDatabase, type Database } from '../services/database';
import { Advisors } from '../services/handoff/advisors';
import { createLogger } from '../services/logger';
import { route } from '../bots/api/http';
import { parseCookies, registerConsoleAuth } from '../bots/console/auth';
import { backendTable, type TestDatabase } from './support/databases';

const PASSWORD = 'correct horse battery';
const START = new Date('2026-11-25T09:00:00Z').getTime();

interface Answer {
  status: number;
  body: Record<string, any> | null;
  headers: Headers;
}

describe.each(backendTable)('console sign-in on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let server: restify.Server;
  let base: string;
  let host: string;
  let clock: number;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    clock = START;
    const now = () => new Date(clock);
    const advisors = new Advisors(database.prisma, { sessionHours: 12, now });
    await advisors.add({ email: 'camille@crij.fr', password: PASSWORD, name: 'Camille Martin' });
    await advisors.add({ email: 'analyste@metropole.fr', password: PASSWORD, roles: ['ANALYST'] });
    await advisors.add({ email: 'lea@crij.fr', password: PASSWORD });

    const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });
    server = restify.createServer();
    const { requireAdvisor } = registerConsoleAuth(server, { advisors, logger, now });
    // Two routes standing for the console's own: any advisor may post a note, only analysts read the figures.
    server.post('/console/api/notes', route(async (req, res) => {
      const { advisor } = await requireAdvisor(req);
      res.json({ by: advisor.email });
    }, logger));
    server.get('/console/api/figures', route(async (req, res) => {
      await requireAdvisor(req, { role: 'ANALYST' });
      res.json({ needs: 12 });
    }, logger));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as { port: number }).port}`;
    base = `http://${host}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
    await testDb.drop();
  });

  async function call(method: string, path: string, { body, cookie, csrf, origin }: { body?: unknown; cookie?: string; csrf?: string; origin?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (origin) headers.origin = origin;
    const response = await fetch(`${base}${path}`, { method, headers, body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  async function login(email = 'camille@crij.fr', password = PASSWORD) {
    const answer = await call('POST', '/console/api/login', { body: { email, password }, origin: base });
    const setCookie = answer.headers.getSetCookie()[0] ?? '';
    return { ...answer, setCookie, cookie: setCookie.split(';')[0], csrf: answer.body?.csrfToken as string };
  }

  it('signs in with the right password: a secure, HTTP-only cookie for /console and the CSRF token', async () => {
    const { status, body, headers, setCookie } = await login('  Camille@CRIJ.fr ');
    expect(status).toBe(200);
    expect(body).toEqual({ advisor: { id: expect.any(String), email: 'camille@crij.fr', name: 'Camille Martin', roles: ['ADVISOR'] }, csrfToken: expect.stringMatching(/^[\w-]{43}$/) });
    expect(setCookie).toMatch(/^blablaform_console=[\w-]{43}; HttpOnly; Secure; SameSite=Strict; Path=\/console; Max-Age=43200$/);
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('answers 401 with one message for a wrong password and an unknown email, logging neither the email nor the password', async () => {
    logs.length = 0;
    const wrong = await login('lea@crij.fr', 'pas le bon mot de passe');
    const unknown = await login('personne@crij.fr', PASSWORD);
    expect(wrong).toMatchObject({ status: 401, body: { error: 'Adresse e-mail ou mot de passe incorrect.' }, setCookie: '' });
    expect(unknown).toMatchObject({ status: 401, body: wrong.body });
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    const refused = logs.filter((l) => l.msg === 'console login refused');
    expect(refused).toEqual([expect.objectContaining({ status: 401, email: expect.stringMatching(/^[0-9a-f]{12}$/) }), expect.objectContaining({ status: 401 })]);
    expect(logs).toHaveLength(2);
    expect(JSON.stringify(logs)).not.toMatch(/lea@|personne@|crij\.fr|mot de passe|horse/);
  });

  it('refuses a body that is not JSON, or without email and password, with 400', async () => {
    expect(await call('POST', '/console/api/login', { body: '{"email": "camille@crij.fr", ' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^JSON invalide/) } });
    expect(await call('POST', '/console/api/login', { body: { email: 'camille@crij.fr' } })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/« password »/) } });
    expect(await call('POST', '/console/api/login', { body: 'x'.repeat(17 * 1024) })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/trop volumineux/) } });
  });

  it('refuses a sign-in posted from another site', async () => {
    const answer = await call('POST', '/console/api/login', { body: { email: 'camille@crij.fr', password: PASSWORD }, origin: 'https://evil.example' });
    expect(answer).toMatchObject({ status: 403, body: { error: expect.stringMatching(/^Origine refusée/) } });
    expect(answer.headers.getSetCookie()).toEqual([]);
  });

  it('throttles an email after 5 failures in 15 minutes with 429 and Retry-After, leaving other emails alone', async () => {
    clock += 15 * 60_000; // past the failures of the tests above
    for (let i = 0; i < 5; i++) expect((await login('lea@crij.fr', `mauvais ${i}`)).status).toBe(401);
    clock += 60_000;
    const throttled = await login('lea@crij.fr', PASSWORD);
    expect(throttled).toMatchObject({ status: 429, body: { error: 'Trop de tentatives de connexion : réessayez dans 14 minutes.' }, setCookie: '' });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(13 * 60);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(14 * 60);
    expect((await login('LEA@crij.fr', PASSWORD)).status).toBe(429);

    expect((await login('camille@crij.fr')).status).toBe(200);

    clock += 15 * 60_000;
    expect((await login('lea@crij.fr')).status).toBe(200);
  });

  it('throttles one address after 20 failures, whatever the emails', async () => {
    clock += 15 * 60_000;
    for (let i = 0; i < 20; i++) expect((await login(`inconnu${i}@crij.fr`, 'faux')).status).toBe(401);
    const throttled = await login('camille@crij.fr');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe(String(15 * 60));
    clock += 15 * 60_000;
    expect((await login('camille@crij.fr')).status).toBe(200);
  });

  it('tells who is signed in, and 401 without a cookie or with a made-up one', async () => {
    const { cookie, csrf, body } = await login();
    expect(await call('GET', '/console/api/me', { cookie: `theme=dark; ${cookie}; lang=fr` })).toMatchObject({ status: 200, body: { advisor: body!.advisor, csrfToken: csrf } });
    expect(await call('GET', '/console/api/me')).toMatchObject({ status: 401, body: { error: 'Session expirée ou absente : reconnectez-vous.' } });
    expect((await call('GET', '/console/api/me', { cookie: 'blablaform_console=inventé' })).status).toBe(401);
  });

  it('lets a change through only with the session, its CSRF token and no foreign Origin', async () => {
    const { cookie, csrf } = await login();
    expect(await call('POST', '/console/api/notes', { body: {}, csrf })).toMatchObject({ status: 401, body: { error: 'Session expirée ou absente : reconnectez-vous.' } });
    expect(await call('POST', '/console/api/notes', { body: {}, cookie })).toMatchObject({ status: 403, body: { error: expect.stringMatching(/^Jeton CSRF absent ou invalide/) } });
    expect((await call('POST', '/console/api/notes', { body: {}, cookie, csrf: `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` })).status).toBe(403);
    expect(await call('POST', '/console/api/notes', { body: {}, cookie, csrf, origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: expect.stringMatching(/^Origine refusée/) } });
    expect((await call('POST', '/console/api/notes', { body: {}, cookie, csrf, origin: `http://localhost:${host.split(':')[1]}` })).status).toBe(403);
    expect(await call('POST', '/console/api/notes', { body: {}, cookie, csrf, origin: base })).toMatchObject({ status: 200, body: { by: 'camille@crij.fr' } });
    expect((await call('POST', '/console/api/notes', { body: {}, cookie, csrf, origin: `https://${host}` })).status).toBe(200);
    expect((await call('POST', '/console/api/notes', { body: {}, cookie, csrf })).status).toBe(200);
  });

  it('keeps analysts’ routes for analysts', async () => {
    const advisor = await login('camille@crij.fr');
    expect(await call('GET', '/console/api/figures', { cookie: advisor.cookie })).toMatchObject({ status: 403, body: { error: expect.stringMatching(/^Accès réservé aux analystes/) } });
    const analyst = await login('analyste@metropole.fr');
    expect(await call('GET', '/console/api/figures', { cookie: analyst.cookie })).toMatchObject({ status: 200, body: { needs: 12 } });
  });

  it('logs out: the session is deleted and the cookie cleared', async () => {
    const { cookie, csrf } = await login();
    expect((await call('POST', '/console/api/logout', { cookie })).status).toBe(403);
    const out = await call('POST', '/console/api/logout', { cookie, csrf, origin: base });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toEqual(['blablaform_console=; HttpOnly; Secure; SameSite=Strict; Path=/console; Max-Age=0']);
    expect((await call('GET', '/console/api/me', { cookie })).status).toBe(401);
  });

  it('ends a session after 12 hours', async () => {
    const { cookie } = await login();
    clock += 12 * 3600_000 - 1000;
    expect((await call('GET', '/console/api/me', { cookie })).status).toBe(200);
    clock += 1000;
    expect((await call('GET', '/console/api/me', { cookie })).status).toBe(401);
  });
});

describe('cookie header parsing', () => {
  it('reads each cookie, keeps the first of a repeated name, and survives malformed parts', () => {
    const cookies = parseCookies('a=1; blablaform_console=abc-DEF_1;b="quoted" ; blablaform_console=second; junk; =x; c=%E9%zz; d=caf%C3%A9');
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', blablaform_console: 'abc-DEF_1', b: 'quoted', c: '%E9%zz', d: 'café' });
    expect(parseCookies('').size).toBe(0);
  });
});
