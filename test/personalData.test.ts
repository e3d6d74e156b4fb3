// Retention: what nobody touched for RETENTION_DAYS goes; what is still in use stays. On every backend.
import { openDatabase, type Database } from '../services/database';
import { PersonalData, conversationStateKey, userStateKey } from '../services/personalData';
import { PrismaStorage } from '../services/prismaStorage';
import { TranscriptStore } from '../services/transcript';
import { NeedsStore } from '../services/needs';
import { ConversationReferences } from '../services/conversationReferences';
import { backendTable, type TestDatabase } from './support/databases';
import { Handoffs } from '../services/handoff/handoffs';
import { InProcessHandoffEvents } from '../services/handoff/events';

const DAY = 24 * 60 * 60 * 1000;

describe.each(backendTable)('retention purge on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let personalData: PersonalData;
  let transcript: TranscriptStore;
  let storage: PrismaStorage;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    storage = new PrismaStorage(database.prisma);
    transcript = new TranscriptStore(database.prisma);
    personalData = new PersonalData(database.prisma, storage, transcript, new NeedsStore(database.prisma), new ConversationReferences(database.prisma), new Handoffs(database.prisma, new InProcessHandoffEvents()));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  async function person(userId: string, conversationId: string, lastActivityDaysAgo: number, profileWrittenDaysAgo: number) {
    await storage.write({
      [userStateKey({ channelId: 'test', userId })]: { profile: { role: 'personne' } },
      [conversationStateKey('test', conversationId)]: { dialogState: {} },
    });
    await transcript.record([{ channelId: 'test', conversationId, userId, direction: 'IN', text: `message de ${userId}` }]);
    const prisma = database.prisma;
    await prisma.$executeRaw`UPDATE transcript_entry SET created_at = ${new Date(Date.now() - lastActivityDaysAgo * DAY)} WHERE user_id = ${userId}`;
    await prisma.$executeRaw`UPDATE bot_state SET updated_at = ${new Date(Date.now() - profileWrittenDaysAgo * DAY)} WHERE key LIKE ${`%${userId}%`} OR key LIKE ${`%${conversationId}%`}`;
  }

  it('erases state and transcript of people silent for longer than the period, keeps the others', async () => {
    await person('gone', 'conv-gone', 200, 200);
    await person('active', 'conv-active', 2, 2);
    // Still writing, though nothing in their state changed for months: kept.
    await person('steady', 'conv-steady', 1, 300);

    const removed = await personalData.purgeInactiveSince(new Date(Date.now() - 183 * DAY));

    expect(removed).toEqual({ states: 2, transcriptLines: 1 });
    const keys = (await database.prisma.botState.findMany({ select: { key: true } })).map((r) => r.key).sort();
    expect(keys).toEqual([
      conversationStateKey('test', 'conv-active'),
      conversationStateKey('test', 'conv-steady'),
      userStateKey({ channelId: 'test', userId: 'active' }),
      userStateKey({ channelId: 'test', userId: 'steady' }),
    ].sort());
    expect(await transcript.conversation('conv-gone')).toEqual([]);
    expect(await transcript.conversation('conv-steady')).toHaveLength(1);
  });
});
