// The bot's own Direct Line endpoint over real HTTP, on every database backend: conversations start
// with the greeting, messages come back in order from the watermark on, tokens keep each conversation
// to its person, the page cannot speak as someone else, and another instance answers the same polls.
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { CloudAdapter, MessageFactory, type Activity, type BotAdapter, type TurnContext } from 'botbuilder';
import { createHttpServer, type HttpServer } from '../bots/httpServer';
import { logTurns, oneTurnAtATime, recordTranscript } from '../bots/middleware';
import { onTurnError, TURN_ERROR_TEXT } from '../bots/turnErrors';
import { DIRECTLINE_SERVICE_URL } from '../bots/directline/adapter';
import { registerDirectLine, type DirectLineChannel } from '../bots/directline/endpoint';
import { DirectLineTokens } from '../bots/directline/tokens';
import { registerWebChat } from '../bots/webchat/webChat';
import { openDatabase, type Database } from '../services/database';
import { createLogger, type Logger } from '../services/logger';
import { TranscriptStore } from '../services/transcript';
import { InProcessTurnLock, PostgresTurnLock, type TurnLock } from '../services/turnLock';
import { TEXT as WELCOME_TEXT } from '../dialogs/welcomeDialog';
import { ERASED_THIS_TURN } from '../dialogs/eraseDataDialog';
import { startBot, type RunningBot } from './support/app';
import { backendTable, type TestDatabase } from './support/databases';
import { call, DirectLineClient, userIdOf } from './support/directLine';

const SECRET = 'a-test-secret-of-at-least-32-characters';

/** A small real bot: greets whoever joins (with buttons), echoes messages, fails on « panne », erases on « efface ». */
function echoBot(seen: Partial<Activity>[]) {
  return async (context: TurnContext) => {
    const { type, membersAdded, recipient, text } = context.activity;
    seen.push(structuredClone(context.activity));
    if (type === 'conversationUpdate' && (membersAdded ?? []).some((m) => m.id !== recipient.id)) {
      await context.sendActivity(MessageFactory.suggestedActions(['Oui', 'Non'], 'Bonjour ! Je répète ce que vous dites.'));
    } else if (type === 'message') {
      if (text === 'panne') throw new Error('the bot broke down');
      if (text === 'efface') {
        context.turnState.set(ERASED_THIS_TURN, true);
        await context.sendActivity('Vos données sont effacées.');
        return;
      }
      await context.sendActivity(`écho : ${text}`);
      await context.sendActivity(`${context.activity.from.id} sur ${context.activity.channelId}`);
    }
  };
}

interface Instance {
  url: string;
  channel: DirectLineChannel;
  database: Database;
  transcript: TranscriptStore;
  seen: Partial<Activity>[];
  close(): Promise<void>;
}

/** One "instance": its own database connection, turn lock, HTTP server and Direct Line, as index.ts composes them. */
/** `secret: null` starts it without DIRECTLINE_SECRET. */
async function startInstance(url: string, { secret = SECRET as string | null, logger = createLogger('silent') as Logger } = {}): Promise<Instance> {
  const database = await openDatabase(url);
  await database.migrate();
  const transcript = new TranscriptStore(database.prisma);
  const lock: TurnLock = database.target.kind === 'postgres' ? new PostgresTurnLock(database.target.connectionString) : new InProcessTurnLock();
  const seen: Partial<Activity>[] = [];
  const onTurn = echoBot(seen);
  const http: HttpServer = createHttpServer({ adapter: new CloudAdapter(), onTurn, healthy: async () => true, logger });
  const setUpAdapter = (adapter: BotAdapter) => {
    adapter.use(oneTurnAtATime(lock), logTurns(logger), recordTranscript(transcript));
    adapter.onTurnError = onTurnError(logger);
  };
  const channel = registerDirectLine(http.server, { prisma: database.prisma, onTurn, setUpAdapter, secret: secret ?? undefined, logger });
  registerWebChat(http.server);
  const { port } = await http.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    channel,
    database,
    transcript,
    seen,
    async close() {
      await http.close();
      await lock.close();
      await database.close();
    },
  };
}

describe.each(backendTable)('the Direct Line endpoint on %s', (name, backend) => {
  let testDb: TestDatabase;
  let bot: Instance;
  beforeAll(async () => {
    testDb = await backend.create();
    bot = await startInstance(testDb.url);
  });
  afterAll(async () => {
    await bot?.close();
    await testDb?.drop();
  });

  it('starts a conversation with the greeting already waiting, with its buttons', async () => {
    const client = await DirectLineClient.start(bot.url);
    const activities = await client.poll();
    expect(activities).toEqual([
      expect.objectContaining({
        type: 'message',
        text: 'Bonjour ! Je répète ce que vous dites.',
        channelId: 'webchat',
        conversation: { id: client.conversationId },
        from: expect.objectContaining({ id: 'blablaform', role: 'bot' }),
        recipient: expect.objectContaining({ id: client.userId, role: 'user' }),
        suggestedActions: expect.objectContaining({ actions: [expect.objectContaining({ title: 'Oui' }), expect.objectContaining({ title: 'Non' })] }),
      }),
    ]);
    expect(activities[0].id).toMatch(new RegExp(`^${client.conversationId}\\|\\d+$`));
    expect(Date.parse(activities[0].timestamp as unknown as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(client.watermark).toMatch(/^\d+$/);
    // The bot saw the person join, addressed by the server.
    expect(bot.seen.find((a) => a.conversation?.id === client.conversationId)).toMatchObject({
      type: 'conversationUpdate',
      channelId: 'webchat',
      membersAdded: [{ id: client.userId }],
      recipient: { id: 'blablaform' },
    });
  });

  it('answers { id } once the bot has answered; a poll gives the message back, then the replies, in order', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.poll();
    const id = await client.say('bonjour', { channelData: { clientActivityID: 'client-1' } });
    const activities = await client.poll();
    expect(activities.map((a) => [a.from.role, a.text])).toEqual([
      ['user', 'bonjour'],
      ['bot', 'écho : bonjour'],
      ['bot', `${client.userId} sur webchat`],
    ]);
    // Web Chat recognises its own message by the clientActivityID it put in channelData, and needs an id.
    expect(activities[0]).toMatchObject({ id, channelData: { clientActivityID: 'client-1' }, from: { id: client.userId } });
    expect(activities[1].replyToId).toBe(id);
    const times = activities.map((a) => Date.parse(a.timestamp as unknown as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Nothing new: nothing returned, the watermark stays.
    const watermark = client.watermark;
    expect(await client.poll()).toEqual([]);
    expect(client.watermark).toBe(watermark);

    await client.say('un');
    await client.say('deux');
    expect(await client.botSays()).toEqual(['écho : un', `${client.userId} sur webchat`, 'écho : deux', `${client.userId} sur webchat`]);
  });

  it('keeps each message right before its replies when messages of one conversation arrive together', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.poll();
    const sent = Array.from({ length: 8 }, (_, i) => `m${i + 1}`);
    await Promise.all(sent.map((text) => client.say(text)));
    const activities = await client.poll();
    expect(activities).toHaveLength(sent.length * 3);
    for (let i = 0; i < activities.length; i += 3) {
      const [message, echo, second] = activities.slice(i, i + 3);
      expect([message.from.role, echo.text, second.text]).toEqual(['user', `écho : ${message.text}`, `${client.userId} sur webchat`]);
    }
    expect(activities.filter((a) => a.from.role === 'user').map((a) => a.text).sort()).toEqual([...sent].sort());
  });

  it('gives the whole conversation to a poll without a watermark, and only its own conversation', async () => {
    const client = await DirectLineClient.start(bot.url);
    const other = await DirectLineClient.start(bot.url);
    await client.say('premier');
    await other.say('autre');
    await client.say('second');
    const all = await call(bot.url, 'GET', `/conversations/${client.conversationId}/activities`, { token: client.token });
    expect(all.status).toBe(200);
    expect(all.body.activities.filter((a: Activity) => a.from.role === 'user').map((a: Activity) => a.text)).toEqual(['premier', 'second']);
    expect(all.body.activities.every((a: Activity) => a.conversation.id === client.conversationId)).toBe(true);
  });

  it('keeps a message and runs its turn with the ids, channel and addresses of the server, whatever the page says', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.poll();
    const answer = await client.post({
      type: 'message',
      text: 'je suis quelqu’un d’autre',
      id: 'my-own-id',
      channelId: 'facebook',
      serviceUrl: 'https://attacker.example/',
      from: { id: 'dl_someone-else', name: 'BlablaForm', role: 'bot' },
      recipient: { id: 'another-bot' },
      conversation: { id: 'someone-elses-conversation' },
      timestamp: '2001-01-01T00:00:00Z',
    });
    expect(answer.status).toBe(200);
    const turn = bot.seen.find((a) => a.text === 'je suis quelqu’un d’autre')!;
    const expected = {
      channelId: 'webchat',
      serviceUrl: DIRECTLINE_SERVICE_URL,
      from: { id: client.userId, role: 'user' },
      recipient: { id: 'blablaform' },
      conversation: { id: client.conversationId },
    };
    expect(turn).toMatchObject({ ...expected, id: answer.body.id });
    const [kept, ...replies] = await client.poll();
    expect(kept).toMatchObject({ ...expected, id: answer.body.id });
    expect(Date.parse(kept.timestamp as unknown as string)).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(replies.map((r) => r.text)).toEqual(['écho : je suis quelqu’un d’autre', `${client.userId} sur webchat`]);
    // The other conversation named in the body got nothing.
    expect(await bot.channel.store.hasActivities('someone-elses-conversation')).toBe(false);
  });

  it('records the web chat in the transcript through the shared pipeline', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.say('pour le journal');
    const lines = await bot.transcript.conversation(client.conversationId);
    expect(lines.map((l) => [l.channelId, l.userId, l.direction, l.text])).toEqual([
      ['webchat', client.userId, 'OUT', 'Bonjour ! Je répète ce que vous dites.'],
      ['webchat', client.userId, 'IN', 'pour le journal'],
      ['webchat', client.userId, 'OUT', 'écho : pour le journal'],
      ['webchat', client.userId, 'OUT', `${client.userId} sur webchat`],
    ]);
  });

  it('delivers the apology of a failed turn in the conversation, and still answers { id }', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.poll();
    const id = await client.say('panne');
    expect(id).toMatch(/\|\d+$/);
    expect(await client.botSays()).toEqual([TURN_ERROR_TEXT]);
  });

  it('refuses an activity it cannot take, with 400 and what is wrong', async () => {
    const client = await DirectLineClient.start(bot.url);
    for (const [body, problem] of [
      ['{"type": "message", "text": ', /JSON invalide/],
      ['[]', /objet JSON/],
      [{ type: 'conversationUpdate', membersAdded: [{ id: 'x' }] }, /type attendu/],
      [{ type: 'message', text: 42 }, /« text » doit être une chaîne/],
      [{ type: 'message', text: 'x'.repeat(70_000) }, /trop volumineux/],
    ] as const) {
      const answer = await call(bot.url, 'POST', `/conversations/${client.conversationId}/activities`, { token: client.token, body });
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(problem);
    }
    const badWatermark = await call(bot.url, 'GET', `/conversations/${client.conversationId}/activities?watermark=abc`, { token: client.token });
    expect(badWatermark.status).toBe(400);
  });

  describe('tokens', () => {
    it('are required: 401 without one, or with something that is not one of ours', async () => {
      const client = await DirectLineClient.start(bot.url);
      for (const token of [undefined, 'undefined', 'abc.def.ghi']) {
        const poll = await call(bot.url, 'GET', `/conversations/${client.conversationId}/activities`, { token });
        expect(poll.status).toBe(401);
        expect(poll.headers.get('www-authenticate')).toBe('Bearer');
        const post = await call(bot.url, 'POST', `/conversations/${client.conversationId}/activities`, { token, body: { type: 'message', text: 'x' } });
        expect(post.status).toBe(401);
      }
      expect(await call(bot.url, 'POST', '/tokens/refresh')).toMatchObject({ status: 401 });
    });

    it('open only their own conversation: another conversation’s token gets 403', async () => {
      const mine = await DirectLineClient.start(bot.url);
      const theirs = await DirectLineClient.start(bot.url);
      await theirs.say('secret');
      const path = `/conversations/${theirs.conversationId}`;
      expect(await call(bot.url, 'GET', `${path}/activities`, { token: mine.token })).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
      expect(await call(bot.url, 'POST', `${path}/activities`, { token: mine.token, body: { type: 'message', text: 'intrus' } })).toMatchObject({ status: 403 });
      expect(await call(bot.url, 'GET', path, { token: mine.token })).toMatchObject({ status: 403 });
      expect((await theirs.poll()).map((a) => a.text)).not.toContain('intrus');
    });

    it('refuse a forged token (403): signed with another key, or with its conversation changed', async () => {
      const victim = await DirectLineClient.start(bot.url);
      const otherKey = new DirectLineTokens('another-secret-of-at-least-32-characters').issue(victim.conversationId, 'dl_intruder').token;
      const [header, , signature] = (await DirectLineClient.start(bot.url)).token.split('.');
      const payload = Buffer.from(JSON.stringify({ conv: victim.conversationId, user: 'dl_intruder', exp: 4102444800 })).toString('base64url');
      for (const token of [otherKey, `${header}.${payload}.${signature}`]) {
        const poll = await call(bot.url, 'GET', `/conversations/${victim.conversationId}/activities`, { token });
        expect(poll).toMatchObject({ status: 403, body: { error: { code: 'TokenInvalid' } } });
      }
    });

    it('expire: an expired token gets 403 TokenExpired, and cannot be refreshed', async () => {
      const client = await DirectLineClient.start(bot.url);
      const anHourAgo = new DirectLineTokens(SECRET, () => Date.now() - 60 * 60 * 1000);
      const expired = anHourAgo.issue(client.conversationId, client.userId).token;
      const poll = await call(bot.url, 'GET', `/conversations/${client.conversationId}/activities`, { token: expired });
      expect(poll).toMatchObject({ status: 403, body: { error: { code: 'TokenExpired' } } });
      expect(await call(bot.url, 'POST', '/tokens/refresh', { token: expired })).toMatchObject({ status: 403 });
    });

    it('refresh into a new token of the same conversation and person, valid for 30 minutes', async () => {
      const client = await DirectLineClient.start(bot.url);
      const refreshed = await call(bot.url, 'POST', '/tokens/refresh', { token: client.token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual({ conversationId: client.conversationId, token: expect.any(String), expires_in: 1800 });
      expect(userIdOf(refreshed.body.token)).toBe(client.userId);
      const reconnected = await call(bot.url, 'GET', `/conversations/${client.conversationId}`, { token: refreshed.body.token });
      expect(reconnected.body).toMatchObject({ conversationId: client.conversationId });
      client.token = reconnected.body.token;
      expect(await client.botSays()).toEqual(['Bonjour ! Je répète ce que vous dites.']);
    });

    it('start the conversation they were generated for, greeting only once', async () => {
      const generated = await call(bot.url, 'POST', '/tokens/generate');
      expect(generated.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
      for (let i = 0; i < 2; i++) {
        const started = await call(bot.url, 'POST', '/conversations', { token: generated.body.token });
        expect(started).toMatchObject({ status: 201, body: { conversationId: generated.body.conversationId } });
      }
      const all = await call(bot.url, 'GET', `/conversations/${generated.body.conversationId}/activities`, { token: generated.body.token });
      expect(all.body.activities).toHaveLength(1);
    });
  });

  it('answers CORS preflights for any site, and marks every answer for any origin', async () => {
    const preflight = await fetch(`${bot.url}/v3/directline/conversations/abc/activities`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.crij.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-ms-bot-agent' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('authorization'));
    const generated = await call(bot.url, 'POST', '/tokens/generate', { headers: { origin: 'https://www.crij.example' } });
    expect(generated.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await call(bot.url, 'GET', '/conversations/abc/activities', { headers: { origin: 'https://www.crij.example' } });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('sends proactive messages into an existing conversation through the adapter', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.poll();
    await bot.channel.adapter.continueConversation(
      { conversation: { id: client.conversationId } as Activity['conversation'], user: { id: client.userId, name: 'Vous' } },
      async (context) => {
        await context.sendActivity('Une conseillère vous répond bientôt.');
      },
    );
    expect(await client.poll()).toEqual([
      expect.objectContaining({ text: 'Une conseillère vous répond bientôt.', from: expect.objectContaining({ role: 'bot' }), recipient: expect.objectContaining({ id: client.userId }) }),
    ]);
  });

  it('erases a conversation’s activities, and purges conversations inactive for the retention period', async () => {
    const kept = await DirectLineClient.start(bot.url);
    const erased = await DirectLineClient.start(bot.url);
    await erased.say('à effacer');
    expect(await bot.channel.store.eraseConversations([erased.conversationId])).toBe(4);
    expect(await bot.channel.store.hasActivities(erased.conversationId)).toBe(false);
    expect(await bot.channel.store.hasActivities(kept.conversationId)).toBe(true);

    await bot.database.prisma.directLineActivity.updateMany({ where: { conversationId: kept.conversationId }, data: { createdAt: new Date('2020-01-01') } });
    const purged = await bot.channel.store.purgeInactiveSince(new Date('2021-01-01'));
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await bot.channel.store.hasActivities(kept.conversationId)).toBe(false);
  });

  it('after a turn that erased the person’s data, keeps only that turn until the page has read it, then nothing', async () => {
    const client = await DirectLineClient.start(bot.url);
    await client.say('ce que je ne veux plus voir gardé');
    await client.poll();
    await client.say('efface');
    const rows = () => bot.database.prisma.directLineActivity.findMany({ where: { conversationId: client.conversationId }, orderBy: { id: 'asc' } });
    expect((await rows()).map((r) => (r.activity as { text?: string }).text)).toEqual(['efface', 'Vos données sont effacées.', undefined]);
    expect((await client.poll()).map((a) => a.text)).toEqual(['efface', 'Vos données sont effacées.']);
    expect(await rows()).toEqual([]);
    // The conversation goes on afterwards, from the same watermark.
    await client.say('encore là ?');
    expect(await client.botSays()).toEqual(['écho : encore là ?', `${client.userId} sur webchat`]);
  });

  (name === 'PostgreSQL' ? it : it.skip)('is answered by another instance on the same database: polls, posts and tokens', async () => {
    const other = await startInstance(testDb.url);
    try {
      const here = await DirectLineClient.start(bot.url);
      const there = here.on(other.url);
      expect(await there.botSays()).toEqual(['Bonjour ! Je répète ce que vous dites.']);
      await there.say('depuis l’autre instance');
      expect(await here.poll()).toEqual([
        expect.objectContaining({ text: 'Bonjour ! Je répète ce que vous dites.' }),
        expect.objectContaining({ text: 'depuis l’autre instance', from: expect.objectContaining({ role: 'user' }) }),
        expect.objectContaining({ text: 'écho : depuis l’autre instance' }),
        expect.objectContaining({ text: `${here.userId} sur webchat` }),
      ]);
      expect(other.seen.some((a) => a.text === 'depuis l’autre instance')).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('without DIRECTLINE_SECRET', () => {
  it('says so in a log line, and its tokens are refused by an instance with another key', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const first = await startInstance('memory:', { secret: null, logger });
    const second = await startInstance('memory:', { secret: null });
    try {
      expect(lines.some((l) => /DIRECTLINE_SECRET is not set/.test(l))).toBe(true);
      const client = await DirectLineClient.start(first.url);
      const poll = await call(second.url, 'GET', `/conversations/${client.conversationId}/activities`, { token: client.token });
      expect(poll.status).toBe(403);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('the chat page', () => {
  let bot: Instance;
  beforeAll(async () => {
    bot = await startInstance('memory:');
  });
  afterAll(() => bot?.close());

  it('is served at / in French, for phones, with Web Chat from this server', async () => {
    const page = await fetch(`${bot.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self'/);
    const html = await page.text();
    expect(html).toMatch(/<html lang="fr">/);
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1/);
    expect(html).toMatch(/Assistant automatisé/);
    expect(html).toMatch(/<script src="\/webchat\/webchat.js"><\/script>/);
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${bot.url}/webchat/chat.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toMatch(/locale: 'fr-FR'/);
    expect((await fetch(`${bot.url}/webchat/chat.css`)).status).toBe(200);
  });

  it('serves webchat.js compressed, to keep for a week, and answers 304 to a browser that has it', async () => {
    const http = await import('node:http');
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        http.get(`${bot.url}/webchat/webchat.js`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const zipped = await get({ 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': 'public, max-age=604800', vary: 'Accept-Encoding' });
    expect(zipped.body.length).toBeLessThan(1.5 * 1024 * 1024);
    const source = gunzipSync(zipped.body);
    expect(source.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(source.toString('utf8')).toContain('renderWebChat');
    const plain = await get({});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(source)).toBe(true);
    const again = await get({ 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
    expect(again.status).toBe(304);
  });
});

// ─── Through the real application ──────────────────────────────────────────────────────────────────
// NEEDS WIRING: fails until index.ts calls registerDirectLine(http.server, { prisma: database.prisma,
// onTurn, setUpAdapter, secret: config.DIRECTLINE_SECRET, logger }) and registerWebChat(http.server).
describe('the real bot on the web chat (needs index.ts to wire registerDirectLine and registerWebChat)', () => {
  let real: RunningBot;
  beforeAll(async () => {
    real = await startBot({ DIRECTLINE_SECRET: SECRET });
  });
  afterAll(() => real?.stop());

  it('greets, offers the roles as buttons, and answers a role chosen, on the webchat channel', async () => {
    expect((await fetch(`${real.app.url}/`)).status).toBe(200);
    const client = await DirectLineClient.start(real.app.url);
    const greeting = (await client.poll()).filter((a) => a.type === 'message');
    expect(greeting.map((a) => a.text)).toEqual([WELCOME_TEXT.greeting, WELCOME_TEXT.privacy, expect.stringContaining(WELCOME_TEXT.askRole)]);
    expect(greeting[2].suggestedActions?.actions.map((a) => a.title)).toEqual(['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère']);
    await client.say('Entreprise');
    expect((await client.botSays()).length).toBeGreaterThan(0);
    const lines = await real.app.transcript.conversation(client.conversationId);
    expect(lines.find((l) => l.direction === 'IN')).toMatchObject({ channelId: 'webchat', userId: real.app.pseudonyms.of('webchat', client.userId), text: 'Entreprise' });
  });

  it('delivers proactive messages to a web chat conversation (app.proactive, channel webchat)', async () => {
    const client = await DirectLineClient.start(real.app.url);
    await client.say('bonjour');
    await client.poll();
    expect(await real.app.proactive.send('webchat', client.conversationId, 'Une conseillère vous répond bientôt.')).toBe(true);
    expect(await client.botSays()).toEqual(['Une conseillère vous répond bientôt.']);
  });
});
