// The HTTP door, end to end: a channel POSTs activities to /api/messages, the replies reach the
// channel's connector (here a local one), /healthz tells whether the database answers.
import { postActivity } from '../bots/localConnector';
import { startBot, type RunningBot } from './support/app';

describe('the HTTP server', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.stop());

  it('posts each reply to the connector of the conversation, as a reply to the message', async () => {
    const conversation = bot.conversation();
    const status = await postActivity(bot.app.url, {
      id: 'activity-42',
      type: 'message',
      text: 'bonjour',
      channelId: 'test',
      serviceUrl: bot.connector.url,
      from: { id: conversation.userId, name: 'Léa' },
      recipient: { id: 'blablaform', name: 'BlablaForm' },
      conversation: { id: conversation.id } as never,
    });
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

  it('ignores activity types it has nothing to say about', async () => {
    const conversation = bot.conversation();
    const status = await postActivity(bot.app.url, {
      type: 'typing',
      channelId: 'test',
      serviceUrl: bot.connector.url,
      from: { id: conversation.userId, name: 'Léa' },
      recipient: { id: 'blablaform', name: 'BlablaForm' },
      conversation: { id: conversation.id } as never,
    });
    expect(status).toBe(200);
    expect(bot.connector.messages(conversation.id)).toEqual([]);
  });

  it('/healthz answers 200 while the database answers', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
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
