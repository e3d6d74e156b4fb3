// Telegram, end to end: the real application (bot, dialogs, embedded database) against a fake Bot API
// over HTTP. What the person sees is read from the calls the fake recorded.
import { Api } from 'node-telegram-bot-api';
import type { App } from '../index';
import { ConversationReferences } from '../services/conversationReferences';
import { openDatabase, type Database } from '../services/database';
import { createLogger } from '../services/logger';
import { PrismaOutboxStore, type OutboxStore } from '../services/telegramOutbox';
import { Outbox, type OutboxTiming } from '../bots/telegram/outbox';
import { FakeTelegram, type NewUpdate } from './support/fakeTelegram';
import { backendTable, type TestDatabase } from './support/databases';
import { byPolling, byWebhook, postUpdate, startTelegramBot, TelegramChat, WEBHOOK_SECRET, type Sent } from './support/telegramChat';

const ROLE_BUTTONS = ['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère'];
const GREETING = [/^Bonjour ! Je suis BlablaForm, un assistant automatique/, /écrivez « confidentialité »/, /^Pour commencer, vous êtes :$/];
const ASK_NEED = /^Décrivez-moi votre besoin de formation avec vos mots/;
const ASK_ROLE = 'Pour commencer, vous êtes :';
const HELP = /^Voici ce que je sais faire :\n• Entreprise/;
const UNREADABLE = 'Je ne sais lire que les messages écrits : je ne peux pas ouvrir les photos, les autocollants, les messages vocaux ni les fichiers. Écrivez-moi votre réponse en quelques mots.';
const EDITED = 'Je ne tiens pas compte des messages modifiés. Si vous vouliez corriger quelque chose, écrivez-le-moi dans un nouveau message.';

/** Waits for something the person would notice only later (a reply kept while Telegram was down). */
async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function expectTexts(replies: Sent[], expected: (string | RegExp)[]) {
  const texts = replies.map((r) => r.text);
  try {
    expect(texts).toHaveLength(expected.length);
    expected.forEach((e, i) => (typeof e === 'string' ? expect(texts[i]).toBe(e) : expect(texts[i]).toMatch(e)));
  } catch (err) {
    (err as Error).message = `the bot said:\n${texts.map((t) => `  « ${t} »`).join('\n')}\n\n${(err as Error).message}`;
    throw err;
  }
}


/** What the bot stores a private chat under: the person's pseudonym (their chat id is their Telegram id). */
const stored = (app: App, chatId: number) => app.pseudonyms.of('telegram', String(chatId));

describe('Telegram by long polling', () => {
  const fake = new FakeTelegram();
  let app: App;
  let references: ConversationReferences;
  const chat = () => new TelegramChat(fake, byPolling(fake));

  beforeAll(async () => {
    await fake.start();
    app = await startTelegramBot(fake);
    references = new ConversationReferences(app.database.prisma);
  });
  afterAll(async () => {
    await app?.close();
    await fake.stop();
  });

  it('removes any webhook before polling, since Telegram refuses getUpdates while one is set', async () => {
    await chat().say('bonjour');
    const methods = fake.calls.map((c) => c.method);
    expect(methods[0]).toBe('deleteWebhook');
    expect(methods).toContain('getUpdates');
    expect(fake.calls.find((c) => c.method === 'getUpdates')!.params.allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
  });

  it('greets a first text message and offers the roles as a one-time reply keyboard, in plain text', async () => {
    const replies = await chat().say('bonjour');
    expectTexts(replies, GREETING);
    expect(replies[2].keyboard).toEqual(ROLE_BUTTONS);
    expect(replies[2].params.reply_markup).toMatchObject({ one_time_keyboard: true, resize_keyboard: true });
    for (const reply of replies) expect(reply.params.parse_mode).toBeUndefined();
  });

  it('shows "typing…" before the first reply of a turn', async () => {
    const person = chat();
    const before = fake.calls.length;
    await person.say('bonjour');
    const methods = person.calls(before).map((c) => c.method);
    expect(methods[0]).toBe('sendChatAction');
    expect(person.calls(before)[0].params.action).toBe('typing');
    expect(methods.slice(1)).toEqual(['sendMessage', 'sendMessage', 'sendMessage']);
  });

  it('greets once on /start, the first thing Telegram sends, and starts over on a later /start', async () => {
    const person = chat();
    expectTexts(await person.say('/start'), GREETING);
    expectTexts(await person.say('/start'), ['On reprend depuis le début.', 'Que souhaitez-vous faire ? Vous êtes :']);
  });

  it('continues the dialog with a reply-keyboard button', async () => {
    const person = chat();
    await person.say('bonjour');
    expectTexts(await person.press('Entreprise'), [ASK_NEED]);
  });

  it('answers an inline button press and continues the dialog with its value', async () => {
    const person = chat();
    await person.say('bonjour');
    const before = fake.calls.length;
    const replies = await person.tap('Je cherche une formation', 'query-42');
    expect(fake.calls.slice(before).find((c) => c.method === 'answerCallbackQuery')?.params).toEqual({ callback_query_id: 'query-42' });
    expectTexts(replies, [/^Je vais vous aider à trouver une formation/, /Quel âge avez-vous \?/]);
  });

  it('helps on /aide, then asks the question again', async () => {
    const person = chat();
    await person.say('bonjour');
    const replies = await person.say('/aide');
    expectTexts(replies, [/^Voici ce que je sais faire :\n• Entreprise/, 'Pour commencer, vous êtes :']);
    expect(replies[1].keyboard).toEqual(ROLE_BUTTONS);
  });

  it('sends what is stored about the person on /mesdonnees, then asks the question again', async () => {
    const person = chat();
    await person.say('bonjour');
    const replies = await person.say('/mesdonnees');
    expectTexts(replies, [/^Voici tout ce que je garde sur vous sur cette messagerie :\n• Profil : rien.*\n• Messages : \d+ .*\n   vous › bonjour\n/s, /effacé automatiquement/, 'Pour commencer, vous êtes :']);
  });

  it('erases everything on /stop once confirmed, the conversation reference included', async () => {
    const person = chat();
    await person.say('bonjour');
    const confirm = await person.say('/stop');
    expectTexts(confirm, [/^Voulez-vous vraiment effacer tout ce que je garde sur vous/]);
    expect(confirm[0].keyboard).toEqual(['Oui', 'Non']);
    expectTexts(await person.press('Oui'), [/^C’est fait : tout ce que je savais de vous est effacé/]);
    expect(await app.transcript.conversation(stored(app, person.chatId))).toEqual([]);
    expect(await references.find('telegram', stored(app, person.chatId))).toBeUndefined();
  });

  it.each([
    ['a photo', { photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90 }] }, 'photo'],
    ['a sticker', { sticker: { file_id: 's1', file_unique_id: 'u2', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }, 'sticker'],
    ['a voice message', { voice: { file_id: 'v1', file_unique_id: 'u3', duration: 4 } }, 'voice'],
    ['a document', { document: { file_id: 'd1', file_unique_id: 'u4', file_name: 'cv.pdf' } }, 'document'],
  ])('answers %s politely, records it as such, and leaves the question and its keyboard in place', async (_what, content, kind) => {
    const person = chat();
    await person.say('bonjour');
    const replies = await person.sendContent(content);
    expectTexts(replies, [UNREADABLE]);
    expect(replies[0].params.reply_markup).toBeUndefined();
    const transcript = await app.transcript.conversation(stored(app, person.chatId));
    expect(transcript.filter((l) => l.direction === 'IN').map((l) => l.text)).toEqual(['bonjour', `[pièce jointe : ${kind}]`]);
    expectTexts(await person.press('Entreprise'), [ASK_NEED]);
  });

  it('does not take an edited message into account, and says so', async () => {
    const person = chat();
    await person.say('bonjour');
    const first = person.lastMessageId;
    expectTexts(await person.edit(first, 'Entreprise'), [EDITED]);
    // The role question is still waiting for its answer.
    expectTexts(await person.say('coucou'), ['Bonjour ! Pour que je puisse vous aider, dites-moi qui vous êtes :']);
    const transcript = await app.transcript.conversation(stored(app, person.chatId));
    expect(transcript.filter((l) => l.direction === 'IN').map((l) => l.text)).toEqual(['bonjour', 'coucou']);
  });

  it('skips malformed updates (no chat, no sender, null) and keeps polling: the next person is answered', async () => {
    const malformed = [
      { message: null },
      { message: { message_id: 1, date: 1, text: 'sans chat' } },
      { edited_message: { message_id: 2, date: 1, text: 'sans chat ni auteur' } },
      { callback_query: { id: 'q-sans-auteur', chat_instance: 'ci', data: 'Oui' } },
    ];
    const ids = malformed.map((update) => fake.push(update as unknown as NewUpdate));
    await fake.confirmed(ids.at(-1)!);
    expectTexts(await chat().say('bonjour'), GREETING);
  });

  it('splits a message over 4,096 characters at sentence boundaries', async () => {
    const person = chat();
    await person.say('bonjour');
    const sentences = Array.from({ length: 120 }, (_, i) => `Voici la phrase numéro ${i + 1}, qui décrit une formation près de chez vous à Vénissieux.`);
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(2 * 4096);
    const before = fake.calls.length;
    expect(await app.proactive.send('telegram', stored(app, person.chatId), text)).toBe(true);
    const parts = fake.messagesTo(person.chatId, before).map((c) => String(c.params.text));
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part).toMatch(/^Voici la phrase numéro \d+,.*Vénissieux\.$/s);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('waits as long as a 429 asks (retry_after), then delivers every reply, in order, while the person goes on writing', async () => {
    const person = chat();
    fake.failNext('sendMessage', { code: 429, retryAfter: 1 });
    const before = fake.calls.length;
    // The turns do not wait for Telegram.
    await person.say('bonjour');
    await person.say('/aide');
    expectTexts(await person.receive(5, before), [...GREETING, HELP, ASK_ROLE]);
    const sends = person.calls(before).filter((c) => c.method === 'sendMessage');
    expect(sends.map((c) => c.status)).toEqual([429, 200, 200, 200, 200, 200]);
    const waited = sends[1].at - sends[0].at;
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(2500);
  });

  it('while Telegram answers 500, keeps the replies; once it is back, the person gets each one, in order, and the conversation goes on', async () => {
    const person = chat();
    const before = fake.calls.length;
    fake.outage({ code: 500 });
    expect(await person.say('bonjour')).toEqual([]);
    expect(await person.say('/aide')).toEqual([]);
    expect(await person.press('Entreprise')).toEqual([]);
    fake.recover();
    const replies = await person.receive(6, before);
    expectTexts(replies, [...GREETING, HELP, ASK_ROLE, ASK_NEED]);
    expect(replies[2].keyboard).toEqual(ROLE_BUTTONS);
    expectTexts(await person.say('/start'), ['On reprend depuis le début.', 'Que souhaitez-vous faire ? Vous êtes :']);
    // Each reply once: six kept, two sent at once.
    expect(fake.messagesTo(person.chatId, before)).toHaveLength(8);
    // "typing…" is only a courtesy: tried in the first turn, never kept nor shown late.
    expect(person.calls(before).filter((c) => c.method === 'sendChatAction').map((c) => c.status)).toEqual([500, 200]);
    const transcript = await app.transcript.conversation(stored(app, person.chatId));
    expect(transcript.filter((l) => l.direction === 'IN').map((l) => l.text)).toEqual(['bonjour', '/aide', 'Entreprise', '/start']);
  });

  it('drops a kept reply that Telegram refuses once back (400), and delivers the ones after it', async () => {
    const person = chat();
    const before = fake.calls.length;
    fake.outage({ code: 500 });
    await person.say('bonjour');
    fake.recover();
    fake.failNext('sendMessage', { code: 400 });
    expectTexts(await person.receive(2, before), GREETING.slice(1));
    const statuses = person.calls(before).filter((c) => c.method === 'sendMessage').map((c) => c.status);
    expect(statuses.filter((status) => status !== 500)).toEqual([400, 200, 200]);
  });

  it('marks unreachable a person who blocked the bot while Telegram was down, and drops their kept replies', async () => {
    const person = chat();
    await person.say('bonjour');
    const before = fake.calls.length;
    fake.outage({ code: 500 });
    expect(await person.press('Entreprise')).toEqual([]);
    fake.block(person.chatId);
    fake.recover();
    await until(async () => (await references.find('telegram', stored(app, person.chatId)))?.unreachable === true);
    const statuses = person.calls(before).filter((c) => c.method === 'sendMessage').map((c) => c.status);
    expect(statuses.filter((status) => status !== 500)).toEqual([403]);
  });

  it('marks a person who blocked the bot as unreachable, keeps what they wrote, and serves the others', async () => {
    const blocker = chat();
    await blocker.say('bonjour');
    fake.block(blocker.chatId);
    const before = fake.calls.length;
    expect(await blocker.say('Entreprise')).toEqual([]);
    expect(blocker.calls(before).map((c) => [c.method, c.status])).toEqual([['sendChatAction', 403]]);
    expect((await references.find('telegram', stored(app, blocker.chatId)))?.unreachable).toBe(true);
    const transcript = await app.transcript.conversation(stored(app, blocker.chatId));
    expect(transcript.filter((l) => l.direction === 'IN').map((l) => l.text)).toEqual(['bonjour', 'Entreprise']);

    expectTexts(await chat().say('bonjour'), GREETING);

    const calls = fake.calls.length;
    expect(await app.proactive.send('telegram', stored(app, blocker.chatId), 'Bonjour, une conseillère vous répond.')).toBe(false);
    expect(fake.calls.length).toBe(calls);
  });

  it('marks the person unreachable when only the message itself is refused (403)', async () => {
    const person = chat();
    await person.say('bonjour');
    fake.failNext('sendMessage', { code: 403 });
    expect(await person.say('Entreprise')).toEqual([]);
    expect((await references.find('telegram', stored(app, person.chatId)))?.unreachable).toBe(true);
    // Writing again means the person can be reached again.
    await person.say('bonjour');
    expect((await references.find('telegram', stored(app, person.chatId)))?.unreachable).toBe(false);
  });

  it('sends a proactive message to a conversation it has seen, recorded in the transcript', async () => {
    const person = chat();
    await person.say('bonjour');
    const before = fake.calls.length;
    expect(await app.proactive.send('telegram', stored(app, person.chatId), 'Bonjour, une conseillère du CRIJ vous répond.')).toBe(true);
    expect(fake.messagesTo(person.chatId, before).map((c) => c.params.text)).toEqual(['Bonjour, une conseillère du CRIJ vous répond.']);
    const transcript = await app.transcript.conversation(stored(app, person.chatId));
    expect(transcript.at(-1)).toMatchObject({ direction: 'OUT', text: 'Bonjour, une conseillère du CRIJ vous répond.' });
  });

  it('sends nothing proactively to a conversation it has never seen', async () => {
    const before = fake.calls.length;
    expect(await app.proactive.send('telegram', '424242', 'Bonjour')).toBe(false);
    expect(fake.calls.length).toBe(before);
  });
});

// Webhook mode is the one for several instances, so on PostgreSQL too (when TEST_DATABASE_URL is set).
describe.each(backendTable)('Telegram by webhook on %s', (_name, backend) => {
  const fake = new FakeTelegram();
  let testDb: TestDatabase;
  let app: App;

  beforeAll(async () => {
    await fake.start();
    testDb = await backend.create();
    app = await startTelegramBot(fake, {
      DATABASE_URL: testDb.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: 'https://bot.example.org',
    });
  });
  afterAll(async () => {
    await app?.close();
    await fake.stop();
    await testDb?.drop();
  });

  it('registers the webhook with the public address and the secret at start, and never polls', () => {
    expect(fake.calls.map((c) => c.method)).toEqual(['setWebhook']);
    expect(fake.calls[0].params).toEqual({
      url: 'https://bot.example.org/api/telegram',
      secret_token: WEBHOOK_SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
  });

  it('runs an update carrying the right secret, and answers 200 once the turn is done', async () => {
    const person = new TelegramChat(fake, byWebhook(fake, app));
    const replies = await person.say('bonjour');
    expectTexts(replies, GREETING);
    expectTexts(await person.press('Entreprise'), [ASK_NEED]);
  });

  it.each([
    ['a wrong secret', 'not-the-secret-0123456789'],
    ['no secret', undefined],
  ])('refuses an update with %s: 401, and nothing is processed', async (_what, secret) => {
    const chatId = 8_123_456;
    const update = { update_id: fake.newUpdateId(), message: { message_id: 1, date: 0, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'X' }, text: 'bonjour' } };
    const before = fake.calls.length;
    expect(await postUpdate(app, update, secret)).toBe(401);
    expect(fake.calls.slice(before)).toEqual([]);
    expect(await app.transcript.conversation(stored(app, chatId))).toEqual([]);
  });

  it('answers 400 to a body that is not an update', async () => {
    expect(await postUpdate(app, { hello: 'world' }, WEBHOOK_SECRET)).toBe(400);
  });

  it('while Telegram cannot be reached, keeps the replies and an advisor’s message; once it is back, the person gets them all, in order, once', async () => {
    const person = new TelegramChat(fake, byWebhook(fake, app));
    const before = fake.calls.length;
    await fake.stop();
    expect(await person.say('bonjour')).toEqual([]);
    expect(await person.press('Entreprise')).toEqual([]);
    expect(await app.proactive.send('telegram', stored(app, person.chatId), 'Bonjour, une conseillère du CRIJ vous répond.')).toBe(true);
    await fake.start();
    expectTexts(await person.receive(5, before), [...GREETING, ASK_NEED, 'Bonjour, une conseillère du CRIJ vous répond.']);
    expectTexts(await person.say('/start'), ['On reprend depuis le début.', 'Que souhaitez-vous faire ? Vous êtes :']);
    expect(fake.messagesTo(person.chatId, before)).toHaveLength(7);
  });
});

describe('Telegram channel start and stop', () => {
  const fake = new FakeTelegram();
  let app: App | undefined;
  afterAll(async () => {
    await app?.close();
    await fake.stop();
  });

  it('starts even while Telegram cannot be reached, and polls once it answers', async () => {
    await fake.start();
    // The client's own attempt and its two retries fail: the channel tries again a second later.
    fake.failNext('deleteWebhook', { code: 502 }, 3);
    app = await startTelegramBot(fake);
    const person = new TelegramChat(fake, byPolling(fake));
    expectTexts(await person.say('bonjour'), GREETING);
    expect(fake.calls.filter((c) => c.method === 'deleteWebhook').map((c) => c.status)).toEqual([502, 502, 502, 200]);
  });

  it('on close, stops polling, lets the turn under way finish, confirms it to Telegram, and delivers the replies kept meanwhile', async () => {
    let updateId = 0;
    // Queued without waiting for its turn.
    const person = new TelegramChat(fake, async (update) => void (updateId = fake.push(update)));
    fake.failNext('sendMessage', { code: 429, retryAfter: 1 });
    await person.say('bonjour');
    while (!person.calls().some((c) => c.status === 429)) await new Promise((resolve) => setTimeout(resolve, 20));
    await app!.close();
    expect(fake.messagesTo(person.chatId).map((c) => c.params.text)).toEqual([
      expect.stringMatching(GREETING[0]),
      expect.stringMatching(GREETING[1]),
      expect.stringMatching(GREETING[2]),
    ]);
    await fake.confirmed(updateId);
    const lastPoll = fake.calls.filter((c) => c.method === 'getUpdates').at(-1)!;
    expect(lastPoll.params).toEqual({ offset: String(updateId + 1), limit: '1', timeout: '0' });
  });
});

// What the channel does when Telegram is down for longer than one process lives, or is served by several.
describe.each(backendTable)('Telegram replies kept in the database on %s', (_name, backend) => {
  const fake = new FakeTelegram();
  let testDb: TestDatabase;
  let database: Database;
  let store: OutboxStore;
  const instances: Outbox[] = [];
  let nextChat = 9_100_000;

  /** One instance's outbox, with waits of milliseconds. */
  const instance = (timing: Partial<OutboxTiming> = {}) => {
    const api = new Api(fake.token, { apiRoot: fake.url, maxRetries: 0, timeoutMs: 2_000 });
    const outbox = new Outbox(api, store, { logger: createLogger('silent'), unreachable: async () => {} }, { firstRetryMs: 20, maxRetryMs: 100, pollMs: 50, closeFlushMs: 200, ...timing });
    instances.push(outbox);
    return outbox;
  };
  const reply = (n: number) => ({ text: `Réponse ${n}` });
  const received = (chatId: string) => fake.messagesTo(chatId).map((c) => c.params.text);

  beforeAll(async () => {
    await fake.start();
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    store = new PrismaOutboxStore(database.prisma);
  });
  afterAll(async () => {
    for (const outbox of instances) await outbox.close();
    await database?.close();
    await testDb?.drop();
    await fake.stop();
  });

  it('keeps across a restart what Telegram could not take: the next process delivers it, in order, once', async () => {
    const chatId = String(nextChat++);
    await fake.stop();
    const first = instance();
    for (const n of [1, 2, 3]) expect(await first.send(chatId, reply(n))).toBe('kept');
    await first.close();
    expect(await store.hasPending(chatId)).toBe(true);

    await fake.start();
    instance().start();
    await until(() => received(chatId).length >= 3);
    expect(received(chatId)).toEqual(['Réponse 1', 'Réponse 2', 'Réponse 3']);
    await until(async () => !(await store.hasPending(chatId)));
  });

  it('with two instances, delivers each kept reply once, each chat’s in the order written', async () => {
    const [a, b] = [instance(), instance()];
    const chats = [String(nextChat++), String(nextChat++), String(nextChat++)];
    fake.outage({ code: 502 });
    // One chat's turns land on either instance, one after the other.
    for (const chatId of chats) {
      for (const n of [1, 2, 3, 4]) await (n % 2 ? a : b).send(chatId, reply(n));
    }
    fake.recover();
    await until(async () => (await store.count()) === 0);
    for (const chatId of chats) expect(received(chatId)).toEqual(['Réponse 1', 'Réponse 2', 'Réponse 3', 'Réponse 4']);
  });
});
