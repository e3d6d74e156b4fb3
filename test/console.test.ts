// The advisors' console over HTTP, against the real application: an advisor signs in, sees a person
// who asked for a human in the queue, takes the conversation, answers, writes notes, hands it back
// to the bot or to a guided dialog, and closes it; the person gets what the advisor sends. Every call
// needs a session, every change its CSRF token; what changes is pushed as server-sent events.
import { randomUUID } from 'node:crypto';
import { TEXT as HANDOVER_TEXT } from '../dialogs/handover';
import { startBot, type RunningBot } from './support/app';
import type { Conversation } from './support/conversation';

const PASSWORD = 'un mot de passe assez long';

/** An advisor's browser, as far as the server can tell: the session cookie and the CSRF token. */
class ConsoleClient {
  cookie = '';
  csrf = '';

  constructor(private readonly base: string) {}

  async login(email: string, password = PASSWORD): Promise<this> {
    const response = await fetch(`${this.base}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    this.cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    this.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  fetch(path: string, init: RequestInit & { csrf?: boolean } = {}): Promise<Response> {
    const { csrf = true, ...rest } = init;
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (csrf && this.csrf && rest.method === 'POST') headers['x-csrf-token'] = this.csrf;
    if (rest.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.base}${path}`, { ...rest, headers });
  }

  async get<T = any>(path: string): Promise<{ status: number; body: T }> {
    const response = await this.fetch(path);
    return { status: response.status, body: (await response.json()) as T };
  }

  async post<T = any>(path: string, body?: unknown, options: { csrf?: boolean } = {}): Promise<{ status: number; body: T }> {
    const response = await this.fetch(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), ...options });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

/** Reads server-sent events from a stream opened with fetch, until `until` says enough or the time is up. */
async function readEvents(response: Response, until: (events: { event: string; data: string }[]) => boolean, timeoutMs = 5_000) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  const deadline = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':'))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]),
        );
        if (fields.event || fields.data) events.push({ event: fields.event ?? 'message', data: fields.data ?? '' });
      }
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => undefined);
  }
  return events;
}


/** Every route of the advisors' console API, for one conversation. */
function advisorRoutes(id: string): [method: string, path: string][] {
  return [
    ['GET', '/console/api/queue'],
    ['GET', `/console/api/conversations/${id}`],
    ['GET', '/console/api/events'],
    ...['take', 'reply', 'notes', 'hand-back', 'dialog', 'close'].map((action): [string, string] => ['POST', `/console/api/conversations/${id}/${action}`]),
  ];
}

describe('the advisors’ console API', () => {
  let bot: RunningBot;
  let camille: ConsoleClient;
  let dominique: ConsoleClient;

  beforeAll(async () => {
    bot = await startBot();
    await bot.app.advisors.add({ email: 'camille@crij.fr', password: PASSWORD, name: 'Camille' });
    await bot.app.advisors.add({ email: 'dominique@crij.fr', password: PASSWORD, name: 'Dominique' });
    await bot.app.advisors.add({ email: 'analyste@crij.fr', password: PASSWORD, name: 'Alex', roles: ['ANALYST'] });
    camille = await new ConsoleClient(bot.app.url).login('camille@crij.fr');
    dominique = await new ConsoleClient(bot.app.url).login('dominique@crij.fr');
  });
  afterAll(() => bot?.stop());

  /** A person who talks to the bot, then asks for a human: their conversation and its handoff id. */
  async function personAsking(...first: string[]): Promise<{ person: Conversation; id: string }> {
    const person = bot.conversation();
    for (const text of ['bonjour', ...first]) await person.say(text);
    await person.say('parler à un conseiller');
    const handoff = await bot.app.handoffs.open({ channelId: person.channelId, conversationId: person.id });
    if (!handoff) throw new Error(`« parler à un conseiller » queued nothing; the bot said:\n${person.replies().map((r) => `  « ${r.text} »`).join('\n')}`);
    return { person, id: handoff.id };
  }

  const lastReply = (person: Conversation) => person.replies().at(-1)?.text;

  it('serves the page with a strict content security policy, no framing, and revalidation by etag', async () => {
    const response = await fetch(`${bot.app.url}/console`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(policy).toContain(directive);
    }
    expect(policy).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toContain('<script src="/console/console.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style|style=|onclick=/);

    const again = await fetch(`${bot.app.url}/console`, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (const [asset, type] of [
      ['console.js', 'text/javascript; charset=utf-8'],
      ['console.css', 'text/css; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
    ]) {
      const file = await fetch(`${bot.app.url}/console/${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(type);
      expect(file.headers.get('etag')).toMatch(/^".+"$/);
      await file.arrayBuffer();
    }
  });

  it('refuses every call without a session (401), in French', async () => {
    const anonymous = new ConsoleClient(bot.app.url);
    const id = randomUUID();
    const calls = advisorRoutes(id);
    for (const [method, path] of calls) {
      const response = await anonymous.fetch(path, { method, ...(method === 'POST' ? { body: JSON.stringify({ text: 'x' }) } : {}) });
      expect([method, path, response.status]).toEqual([method, path, 401]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(((await response.json()) as { error: string }).error).toMatch(/reconnectez-vous/);
    }
  });

  it('refuses a change without the CSRF token (403), and an analyst without the advisor role (403)', async () => {
    const { id } = await personAsking();
    const forged = await camille.post(`/console/api/conversations/${id}/take`, undefined, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatch(/CSRF/);

    const analyst = await new ConsoleClient(bot.app.url).login('analyste@crij.fr');
    const calls = advisorRoutes(id);
    for (const [method, path] of calls) {
      const { status, body } = method === 'GET' ? await analyst.get(path) : await analyst.post(path, { text: 'x', dialog: 'orientation' });
      expect([method, path, status, body.error]).toEqual([method, path, 403, 'Accès réservé aux conseillers : votre compte n’a pas ce rôle.']);
    }
    // Nothing happened to the conversation.
    expect((await camille.get(`/console/api/conversations/${id}`)).body.handoff).toMatchObject({ status: 'WAITING' });
    await camille.post(`/console/api/conversations/${id}/close`);
  });

  it('shows a person who asked for a human in the queue, with what the bot knew and their latest message', async () => {
    const before = (await camille.get('/console/api/queue')).body.conversations as { id: string }[];
    const { id } = await personAsking();
    const { status, body } = await camille.get('/console/api/queue');
    expect(status).toBe(200);
    const item = body.conversations.find((c: { id: string }) => c.id === id);
    expect(before.some((c) => c.id === id)).toBe(false);
    expect(item).toMatchObject({
      id,
      channelId: 'test',
      status: 'WAITING',
      reason: 'ASKED',
      advisorName: null,
      mine: false,
      botContinues: false,
      external: false,
      dialog: null,
      lastMessage: { text: 'parler à un conseiller' },
    });
    expect(item.waitingSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(item.requestedAt)).not.toBeNaN();

    const view = await camille.get(`/console/api/conversations/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.handoff).toMatchObject({ id, status: 'WAITING', returnToAdvisor: false });
    expect(typeof view.body.handoff.summary).toBe('string');
    expect(view.body.transcript[0]).toMatchObject({ direction: 'IN', text: 'bonjour', author: null });
    expect(view.body.transcript.some((l: { direction: string; author: string | null }) => l.direction === 'OUT' && l.author === null)).toBe(true);
    expect(view.body.notes).toEqual([]);
    await camille.post(`/console/api/conversations/${id}/close`);
  });

  it('lets one advisor take a conversation (the person is told), refuses a second (409), and delivers only the holder’s replies', async () => {
    const { person, id } = await personAsking();
    expect(await camille.post(`/console/api/conversations/${id}/take`)).toEqual({ status: 200, body: { ok: true } });
    expect(lastReply(person)).toMatch(/^Camille, conseiller·e du CRIJ, a rejoint la conversation\./);

    const second = await dominique.post(`/console/api/conversations/${id}/take`);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatch(/déjà prise/);

    const queue = await dominique.get('/console/api/queue');
    expect(queue.body.conversations.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'ASSIGNED', advisorName: 'Camille', mine: false });
    expect((await camille.get('/console/api/queue')).body.conversations.find((c: { id: string }) => c.id === id).mine).toBe(true);

    expect(await camille.post(`/console/api/conversations/${id}/reply`, { text: 'Bonjour, je m’appelle Camille. Que puis-je pour vous ?' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(lastReply(person)).toContain('Bonjour, je m’appelle Camille. Que puis-je pour vous ?');

    const intruder = await dominique.post(`/console/api/conversations/${id}/reply`, { text: 'Je réponds à sa place' });
    expect(intruder.status).toBe(409);
    expect(intruder.body.error).toMatch(/prenez-la d’abord/);
    expect(person.replies().map((r) => r.text)).not.toContain('Je réponds à sa place');

    const view = await camille.get(`/console/api/conversations/${id}`);
    expect(view.body.transcript.at(-1)).toMatchObject({
      direction: 'OUT',
      text: expect.stringContaining('Bonjour, je m’appelle Camille. Que puis-je pour vous ?'),
      author: 'Camille',
    });
    await camille.post(`/console/api/conversations/${id}/close`);
  });

  it('keeps private notes on the conversation, which the person never sees', async () => {
    const { person, id } = await personAsking();
    const said = person.replies().length;
    expect((await dominique.post(`/console/api/conversations/${id}/notes`, { text: 'Déjà venu·e au CRIJ en mars.' })).status).toBe(200);
    const view = await camille.get(`/console/api/conversations/${id}`);
    expect(view.body.notes).toEqual([{ kind: 'NOTE', author: 'Dominique', text: 'Déjà venu·e au CRIJ en mars.', at: expect.any(String) }]);
    expect(person.replies()).toHaveLength(said);
    await camille.post(`/console/api/conversations/${id}/close`);
  });

  it('refuses an empty or too long text, an unknown dialog and a body that is not JSON (400)', async () => {
    const { id } = await personAsking();
    await camille.post(`/console/api/conversations/${id}/take`);
    const refused = async (path: string, body: unknown, pattern: RegExp) => {
      const response = await camille.fetch(`/console/api/conversations/${id}/${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect([path, response.status]).toEqual([path, 400]);
      expect(((await response.json()) as { error: string }).error).toMatch(pattern);
    };
    await refused('reply', { text: 'x'.repeat(4001) }, /trop long : 4000 caractères/);
    await refused('notes', { text: 'é'.repeat(4001) }, /trop long/);
    await refused('reply', { text: '   ' }, /Texte manquant/);
    await refused('notes', { text: 42 }, /Texte manquant/);
    await refused('reply', '{"text":', /JSON invalide/);
    await refused('notes', { text: 'x'.repeat(17 * 1024) }, /trop volumineux/);
    await refused('dialog', { dialog: 'astrologie', returnToAdvisor: true }, /Dialogue inconnu/);
    await refused('dialog', { dialog: 'orientation' }, /returnToAdvisor/);
    expect((await camille.post(`/console/api/conversations/${id}/reply`, { text: 'x'.repeat(4000) })).status).toBe(200);
    await camille.post(`/console/api/conversations/${id}/close`);
  });

  it('answers 404 for a conversation that does not exist', async () => {
    for (const id of [randomUUID(), 'pas-un-identifiant']) {
      const view = await camille.get(`/console/api/conversations/${id}`);
      expect(view).toEqual({ status: 404, body: { error: 'Conversation introuvable.' } });
      for (const action of ['take', 'hand-back', 'close']) expect((await camille.post(`/console/api/conversations/${id}/${action}`)).status).toBe(404);
      expect((await camille.post(`/console/api/conversations/${id}/reply`, { text: 'allô' })).status).toBe(404);
      expect((await camille.post(`/console/api/conversations/${id}/notes`, { text: 'note' })).status).toBe(404);
    }
  });

  it('hands the conversation back to the bot, which says so and answers again', async () => {
    const { person, id } = await personAsking();
    await camille.post(`/console/api/conversations/${id}/take`);
    const before = person.replies().length;
    expect(await camille.post(`/console/api/conversations/${id}/hand-back`)).toEqual({ status: 200, body: { ok: true } });
    expect(person.replies().slice(before)[0]?.text).toBe(HANDOVER_TEXT.handedBack);
    expect((await camille.get('/console/api/queue')).body.conversations.some((c: { id: string }) => c.id === id)).toBe(false);
    expect((await camille.get(`/console/api/conversations/${id}`)).body.handoff.status).toBe('CLOSED');
    expect((await camille.post(`/console/api/conversations/${id}/hand-back`)).status).toBe(409);
    expect((await person.say('bonjour')).length).toBeGreaterThan(0);
  });

  it('hands the conversation to a guided dialog, which the bot starts with the person', async () => {
    const { person, id } = await personAsking();
    await camille.post(`/console/api/conversations/${id}/take`);
    expect(await camille.post(`/console/api/conversations/${id}/dialog`, { dialog: 'orientation', returnToAdvisor: true })).toEqual({ status: 200, body: { ok: true } });
    expect(person.replies().map((r) => r.text)).toContain(HANDOVER_TEXT.guidedIntro.orientation);
    const item = (await camille.get('/console/api/queue')).body.conversations.find((c: { id: string }) => c.id === id);
    expect(item).toMatchObject({ status: 'DIALOG', dialog: 'orientation', mine: true });
    expect((await camille.get(`/console/api/conversations/${id}`)).body.handoff.returnToAdvisor).toBe(true);
    // Only the holder hands over; the dialog runs, so nobody replies meanwhile.
    expect((await dominique.post(`/console/api/conversations/${id}/close`)).status).toBe(409);
    expect((await camille.post(`/console/api/conversations/${id}/reply`, { text: 'encore là ?' })).status).toBe(409);
    expect(await camille.post(`/console/api/conversations/${id}/close`)).toEqual({ status: 200, body: { ok: true } });
  });

  it('closes a conversation: it leaves the queue, and closing again is a conflict', async () => {
    const { id } = await personAsking();
    await camille.post(`/console/api/conversations/${id}/take`);
    expect(await camille.post(`/console/api/conversations/${id}/close`)).toEqual({ status: 200, body: { ok: true } });
    expect((await camille.get('/console/api/queue')).body.conversations.some((c: { id: string }) => c.id === id)).toBe(false);
    const again = await camille.post(`/console/api/conversations/${id}/close`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/rechargez-la/);
  });

  it('returns what a person typed as it is (the page shows it as text)', async () => {
    const typed = '<img src=x onerror=alert(1)> & <script>alert("ok")</script>';
    const { person, id } = await personAsking();
    await person.say(typed);
    const view = await camille.get(`/console/api/conversations/${id}`);
    expect(view.body.transcript.filter((l: { direction: string }) => l.direction === 'IN').at(-1).text).toBe(typed);
    expect((await camille.get('/console/api/queue')).body.conversations.find((c: { id: string }) => c.id === id).lastMessage.text).toBe(typed);
    await camille.post(`/console/api/conversations/${id}/close`);
  });

  it('pushes each change of the queue as a server-sent event', async () => {
    const { id } = await personAsking();
    const stream = await camille.fetch('/console/api/events');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    const reading = readEvents(stream, (events) => events.some((e) => e.event === 'change' && JSON.parse(e.data).kind === 'taken'));
    await camille.post(`/console/api/conversations/${id}/take`);
    const events = await reading;
    expect(events.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data))).toContainEqual({ handoffId: id, kind: 'taken' });
    await camille.post(`/console/api/conversations/${id}/close`);
  });
});

describe('closing the application with a console open', () => {
  it('ends the event streams instead of waiting for them', async () => {
    const bot = await startBot();
    try {
      await bot.app.advisors.add({ email: 'camille@crij.fr', password: PASSWORD, name: 'Camille' });
      const camille = await new ConsoleClient(bot.app.url).login('camille@crij.fr');
      const stream = await camille.fetch('/console/api/events');
      expect(stream.status).toBe(200);
      const ended = readEvents(stream, () => false, 10_000);
      const started = Date.now();
      await bot.stop();
      await ended;
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await bot.stop();
    }
  });
});
