// Proactive messages on the Bot Framework channel (Azure's channels, the Emulator): the same service as on
// Telegram, through the CloudAdapter and the conversation's own connector.
import { startBot, type RunningBot } from './support/app';
import { ConversationReferences } from '../services/conversationReferences';

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(() => bot.stop());

it('reaches a conversation it has seen, through its connector, and records it in the transcript', async () => {
  const conversation = bot.conversation();
  await conversation.say('bonjour');
  const before = conversation.replies().length;
  expect(await bot.app.proactive.send('test', conversation.id, 'Bonjour, une conseillère du CRIJ vous répond.')).toBe(true);
  expect(conversation.replies().slice(before).map((r) => r.text)).toEqual(['Bonjour, une conseillère du CRIJ vous répond.']);
  const transcript = await bot.app.transcript.conversation(conversation.id);
  expect(transcript.at(-1)).toMatchObject({ direction: 'OUT', text: 'Bonjour, une conseillère du CRIJ vous répond.', userId: bot.app.pseudonyms.of('test', conversation.userId) });
});

it('remembers where each conversation is, from its first message', async () => {
  const conversation = bot.conversation();
  await conversation.say('bonjour');
  const stored = await new ConversationReferences(bot.app.database.prisma).find('test', conversation.id);
  // Filed under the person's pseudonym; the reference itself keeps their real id, which answering them needs.
  expect(stored).toMatchObject({
    userId: bot.app.pseudonyms.of('test', conversation.userId),
    unreachable: false,
    reference: { serviceUrl: bot.connector.url, user: { id: conversation.userId } },
  });
});

it('returns false for a conversation it has never seen', async () => {
  expect(await bot.app.proactive.send('test', 'conv-never-seen', 'Bonjour')).toBe(false);
});

it('returns false when the channel refuses the message, without apologising to the person', async () => {
  const conversation = bot.conversation();
  await conversation.say('bonjour');
  const before = conversation.replies().length;
  await bot.connector.stop();
  try {
    expect(await bot.app.proactive.send('test', conversation.id, 'Bonjour')).toBe(false);
  } finally {
    await bot.connector.start();
  }
  expect(conversation.replies().slice(before)).toEqual([]);
});

it('returns false for a person who erased their data', async () => {
  const conversation = bot.conversation();
  await conversation.say('bonjour');
  await conversation.say('supprimer mes données');
  await conversation.say('oui');
  expect(await bot.app.proactive.send('test', conversation.id, 'Bonjour')).toBe(false);
});
