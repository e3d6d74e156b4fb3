// Personal data as French law expects: pseudonyms, floods stopped politely, under-15s forgotten when their
// conversation ends, and the scheduled retention purge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type RunningBot } from './support/app';
import { play } from './support/conversation';
import { backendTable } from './support/databases';
import { openDatabase } from '../services/database';
import { Pseudonyms } from '../services/pseudonyms';
import { SLOW_DOWN_TEXT } from '../bots/rateLimit';

const GREETING = [/assistant automatique/, /confidentialité/, 'Pour commencer, vous êtes :'];
const ASK_AGE = 'Quel âge avez-vous ?';

/** Every table row (as JSON text) that contains `text`, by table. */
async function tablesHolding(bot: RunningBot, text: string): Promise<string[]> {
  const prisma = bot.app.database.prisma;
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
  const holding: string[] = [];
  for (const { table_name } of tables) {
    const [{ n }] = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(row_to_json(t)::text, $1) > 0`,
      text,
    );
    if (n > 0) holding.push(table_name);
  }
  return holding.sort();
}

/** Polls until `check` holds (the purges run on timers), for at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 8000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('with a running bot', () => {
  let bot: RunningBot;
  // Conversations of under-15s end after 3 s without a message here (30 minutes by default).
  beforeAll(async () => {
    bot = await startBot({ MINOR_CONVERSATION_END_MINUTES: '0.05', RATE_LIMIT_PER_10S: '20' });
  });
  afterAll(() => bot.stop());

  it('stores people and their conversations under pseudonyms: their channel ids are only where answering them needs them', async () => {
    // As on Messenger, the conversation's id begins with the person's id.
    const userId = `psid-${Date.now()}`;
    const c = bot.conversation({ userId, id: `${userId}-page-4242` });
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [/^Décrivez-moi votre besoin/]],
      ['il nous faut 3 soudeurs à Vénissieux dès que possible', ['Bien noté.', /^Quelques questions facultatives/]],
      ['je voudrais parler à un conseiller', [/conseill/]],
    ]);
    expect(await tablesHolding(bot, c.userId)).toEqual(['conversation_reference']);
    const pseudonym = bot.app.pseudonyms.of(c.channelId, c.userId);
    expect(await tablesHolding(bot, pseudonym)).toEqual(expect.arrayContaining(['bot_state', 'conversation_reference', 'handoff', 'transcript_entry']));
    // An advisor's message finds them under the pseudonyms, and reaches them at their real address.
    const storedConversation = bot.app.pseudonyms.of(c.channelId, c.userId) + '-page-4242';
    expect(await bot.app.proactive.send(c.channelId, storedConversation, 'Bonjour, ici Camille du CRIJ.')).toBe(true);
    expect(c.replies().at(-1)?.text).toBe('Bonjour, ici Camille du CRIJ.');
    expect((await bot.app.transcript.conversation(storedConversation)).at(-1)).toMatchObject({ direction: 'OUT', text: 'Bonjour, ici Camille du CRIJ.' });
    // The same person on another channel is another pseudonym.
    expect(bot.app.pseudonyms.of('telegram', c.userId)).not.toBe(pseudonym);
  });

  it('asks someone sending 100 messages in a second to slow down, once, keeps what they wrote, and answers the others meanwhile', async () => {
    const flood = bot.conversation();
    const other = bot.conversation();
    await flood.say('bonjour');
    const sending = Promise.all(Array.from({ length: 100 }, (_, i) => flood.post(`message ${i + 1}`)));
    const otherReplies = await other.say('bonjour');
    expect(otherReplies.map((r) => r.text)).toEqual([expect.stringMatching(GREETING[0]), expect.stringMatching(GREETING[1]), GREETING[2]]);
    expect((await sending).every((status) => status === 200)).toBe(true);

    const texts = flood.replies().map((r) => r.text);
    expect(texts.filter((t) => t === SLOW_DOWN_TEXT)).toHaveLength(1);
    const transcript = await bot.app.transcript.conversation(flood.id);
    expect(transcript.filter((l) => l.direction === 'IN')).toHaveLength(101);
    // The bot ran on the first 20 messages of the window only: one reply or two each, never 100.
    expect(texts.length).toBeLessThan(60);
  });

  it('forgets someone under 15 once their conversation ends, even if they never finish it', async () => {
    const child = bot.conversation();
    const adult = bot.conversation();
    await play(child, [
      ['Je cherche une formation', [/assistant automatique/, /confidentialité/, /^Je vais vous aider/, ASK_AGE]],
      ['12 ans', [/^Merci\. Comme vous avez moins de 15 ans, je ne garderai rien/, 'Quelle est votre situation ?']],
    ]);
    await play(adult, [
      ['Je cherche une formation', [/assistant automatique/, /confidentialité/, /^Je vais vous aider/, ASK_AGE]],
      ['19 ans', ['Quelle est votre situation ?']],
    ]);
    // Then nothing: after 3 s of silence the scheduled purge erases the child's conversation.
    const erased = await eventually(async () => (await bot.app.transcript.conversation(child.id)).length === 0);
    expect(erased).toBe(true);
    expect(await tablesHolding(bot, bot.app.pseudonyms.of(child.channelId, child.userId))).toEqual([]);
    expect(await bot.app.transcript.conversation(adult.id)).toHaveLength(7);
    // Coming back, they are a stranger: greeted from the start.
    await play(child, [['bonjour', GREETING]]);
  });
});

describe('the retention purge, at start-up and then daily', () => {
  it('erases people silent for longer than RETENTION_DAYS and keeps their needs, detached from them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blablaform-retention-'));
    const url = `file:${path.join(dir, 'db')}`;
    try {
      const first = await startBot({ DATABASE_URL: url, RETENTION_DAYS: '30' });
      const gone = first.conversation();
      const active = first.conversation();
      let goneNeedId: string;
      try {
        await play(gone, [
          ['bonjour', GREETING],
          ['Entreprise', [/^Décrivez-moi votre besoin/]],
          ['On doit former 4 caristes au CACES R489 d’ici fin février sur notre site de Vénissieux', ['Bien noté.', /^Quelques questions facultatives/]],
          ['en présentiel', [/nom de votre entreprise/]],
          ['Transports Dupont', [/Combien de salariés/]],
          ['35 salariés', [/secteur d’activité/]],
          ['logistique', [/adresse e-mail ou quel numéro/]],
          ['rh@transports-dupont.fr', [/Acceptez-vous que nous vous prévenions/]],
          ['oui', [/^Voici ce que j’ai noté :/, /^C’est bon \? Répondez « oui » pour enregistrer/]],
          ['oui', [/^Merci, votre besoin est enregistré\./, 'Voulez-vous décrire un autre besoin ?']],
        ]);
        await play(active, [['bonjour', GREETING]]);
        const { needs } = await first.app.needs.list({}, { page: 1, pageSize: 10 });
        goneNeedId = needs[0].id;
      } finally {
        await first.stop();
      }
      // Two months pass for the company, not for the other person.
      const database = await openDatabase(url);
      const goneId = first.app.pseudonyms.of(gone.channelId, gone.userId);
      const longAgo = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
      await database.prisma.$executeRaw`UPDATE transcript_entry SET created_at = ${longAgo} WHERE user_id = ${goneId}`;
      await database.prisma.$executeRaw`UPDATE bot_state SET updated_at = ${longAgo} WHERE key LIKE ${`%${goneId}%`} OR key LIKE ${`%${gone.id}%`}`;
      await database.prisma.$executeRaw`UPDATE conversation_reference SET updated_at = ${longAgo} WHERE user_id = ${goneId}`;
      await database.close();

      const second = await startBot({ DATABASE_URL: url, RETENTION_DAYS: '30' });
      try {
        expect(await eventually(async () => (await tablesHolding(second, goneId)).length === 0)).toBe(true);
        expect(await tablesHolding(second, 'rh@transports-dupont.fr')).toEqual([]);
        const need = await second.app.needs.get(goneNeedId);
        expect(need).toMatchObject({ occupation: { rome: 'N1101' }, headcount: { value: 4 }, conversationId: null });
        expect(await second.app.transcript.conversation(active.id)).not.toHaveLength(0);
        // The company, writing again, starts from zero.
        await play(second.conversation({ id: gone.id, userId: gone.userId }), [['bonjour', GREETING]]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(backendTable)('the pseudonyms’ key on %s', (_name, backend) => {
  it('is made once and kept in the database, so pseudonyms survive restarts and are shared by instances', async () => {
    const testDb = await backend.create();
    const database = await openDatabase(testDb.url);
    try {
      await database.migrate();
      const [a, b] = await Promise.all([Pseudonyms.load(database.prisma, undefined), Pseudonyms.load(database.prisma, undefined)]);
      const later = await Pseudonyms.load(database.prisma, undefined);
      expect(a.of('telegram', '123456789')).toBe(b.of('telegram', '123456789'));
      expect(later.of('telegram', '123456789')).toBe(a.of('telegram', '123456789'));
      expect(a.of('telegram', '123456789')).not.toContain('123456789');
      const configured = await Pseudonyms.load(database.prisma, 'a'.repeat(32));
      expect(configured.of('telegram', '123456789')).not.toBe(a.of('telegram', '123456789'));
    } finally {
      await database.close();
      await testDb.drop();
    }
  });
});
