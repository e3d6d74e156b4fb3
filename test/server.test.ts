// The HTTP door, end to end: a channel POSTs activities to /api/messages, the replies reach the
// channel's connector (here a local one), /healthz tells whether the database answers.
import { postActivity } from '../bots/localConnector';
import { createLogger } from '../services/logger';
import { loadConfig, secretsOf } from '../services/config';
import { startBot, type RunningBot } from './support/app';
import { CountingDialog } from './support/countingDialog';

describe('the HTTP server', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.stop());

  it('posts each reply to the connector of the conversation, as a reply to the message', async () => {
    const conversation = bot.conversation();
    const status = await postActivity(bot.app.url, conversation.activity({ id: 'activity-42', type: 'message', text: 'bonjour' }));
    expect(status).toBe(200);
    const replies = bot.connector.messages(conversation.id);
    expect(replies).toHaveLength(3);
    for (const reply of replies) {
      expect(reply).toMatchObject({
        type: 'message',
        replyToId: 'activity-42',
        conversation: { id: conversation.id },
        recipient: { id: conversation.userId },
        from: { id: 'blablaform' },
      });
    }
  });

  it('answers 400 to a body that is not JSON, and keeps serving', async () => {
    const response = await fetch(`${bot.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", "text": ',
    });
    expect(response.status).toBe(400);
    expect(await bot.conversation().say('bonjour')).toHaveLength(3);
  });

  it.each([
    ['an array', '[]', /le corps doit être un objet JSON/],
    ['an empty object', '{}', /champ manquant ou invalide : type, channelId, conversation.id, from.id, serviceUrl/],
    ['a message without conversation', '{"type":"message","text":"x","channelId":"test","from":{"id":"u"},"serviceUrl":"http://127.0.0.1:9"}', /: conversation.id$/],
    ['a message with a bad serviceUrl', '{"type":"message","text":"x","channelId":"test","from":{"id":"u"},"conversation":{"id":"c"},"serviceUrl":"pas une adresse"}', /: serviceUrl$/],
  ])('refuses %s with 400 and says what is wrong', async (_what, body, message) => {
    const response = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
  });

  it('ignores activity types it has nothing to say about', async () => {
    const conversation = bot.conversation();
    const status = await postActivity(bot.app.url, conversation.activity({ type: 'typing' }));
    expect(status).toBe(200);
    expect(bot.connector.messages(conversation.id)).toEqual([]);
  });

  it('/healthz answers 200 while the database answers', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  describe('security headers', () => {
    it.each(['/healthz', '/api/messages', '/api/needs', '/', '/console', '/dashboard', '/nowhere'])('%s says nosniff and no-referrer', async (route) => {
      const response = await fetch(`${bot.app.url}${route}`, route === '/api/messages' ? { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } } : {});
      await response.arrayBuffer();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    });

    it('API answers are never stored by browsers or proxies', async () => {
      const response = await fetch(`${bot.app.url}/api/needs`);
      await response.arrayBuffer();
      expect(response.status).toBe(401);
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });
});

describe('when the database is gone', () => {
  it('/healthz answers 503, and a turn gets a short apology in French', async () => {
    const bot = await startBot();
    try {
      await bot.app.database.close();
      const health = await fetch(`${bot.app.url}/healthz`);
      expect(health.status).toBe(503);
      const replies = await bot.conversation().say('bonjour');
      expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/^Désolé, un problème technique m’empêche de vous répondre/)]);
      expect(replies[0].text).not.toMatch(/error|stack|source code/i);
    } finally {
      await bot.stop();
    }
  });
});

describe('logs', () => {
  it('write one line per turn with conversation, channel and duration, and no message contents at info level', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const bot = await startBot({ LOG_LEVEL: 'info' }, { logger: createLogger('info', destination) });
    try {
      const conversation = bot.conversation();
      await conversation.say('Je suis RH chez Garage Martin à Bron');
      await conversation.say('aide');
      const turns = lines.filter((l) => l.msg === 'turn');
      expect(turns).toEqual([
        expect.objectContaining({ conversationId: conversation.id, channelId: 'test', activityType: 'message', outcome: 'ok', durationMs: expect.any(Number) }),
        expect.objectContaining({ conversationId: conversation.id, channelId: 'test', outcome: 'ok' }),
      ]);
      expect(JSON.stringify(lines)).not.toMatch(/Garage Martin|aide/);
    } finally {
      await bot.stop();
    }
  });
});

describe('logs mask secrets', () => {
  it('the settings’ tokens and anything shaped like a Telegram token, wherever a library quotes them', () => {
    const config = loadConfig({ API_TOKEN: 'api-token-0123456789abcdef', DIRECTLINE_SECRET: 'd'.repeat(40) });
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) }, secretsOf(config));
    const err = new Error('ETELEGRAM: 502 at https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage');
    logger.warn({ err, header: 'Bearer api-token-0123456789abcdef', key: 'd'.repeat(40) }, 'telegram: sendMessage failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw|api-token-0123456789abcdef|d{40}/);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'telegram: sendMessage failed', header: 'Bearer [masqué]', key: '[masqué]' });
  });
});

describe('graceful shutdown', () => {
  it('finishes the turn in flight before closing the database', async () => {
    const bot = await startBot({}, { rootDialog: new CountingDialog(1500) });
    const conversation = bot.conversation();
    const inFlight = conversation.post('dernier message');
    await new Promise((r) => setTimeout(r, 300));
    await bot.app.close();
    expect(await inFlight).toBe(200);
    expect(conversation.replies().map((r) => r.text)).toEqual(['1:dernier message']);
    await bot.connector.stop();
  });
});
