// Where each conversation can be reached later: the same behaviour on the embedded database and on PostgreSQL.
import type { ConversationReference } from 'botbuilder';
import { openDatabase, type Database } from '../services/database';
import { ConversationReferences } from '../services/conversationReferences';
import { backendTable, type TestDatabase } from './support/databases';

describe.each(backendTable)('conversation references on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let references: ConversationReferences;
  let n = 0;

  const referenceOf = (channelId: string, conversationId = `conv-${++n}`, userId = `user-${n}`): Partial<ConversationReference> => ({
    channelId,
    serviceUrl: 'https://api.telegram.org',
    conversation: { id: conversationId, name: '', isGroup: false, conversationType: 'private' },
    user: { id: userId, name: '' },
    bot: { id: '123456789', name: 'BlablaForm' },
    activityId: '17',
    locale: 'fr',
  });

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    references = new ConversationReferences(database.prisma);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('finds nothing for a conversation never seen', async () => {
    expect(await references.find('telegram', 'never')).toBeUndefined();
  });

  it('gives back the reference as it was remembered, reachable', async () => {
    const reference = referenceOf('telegram');
    await references.remember(reference);
    const stored = await references.find('telegram', reference.conversation!.id);
    expect(stored).toMatchObject({ channelId: 'telegram', conversationId: reference.conversation!.id, userId: reference.user!.id, unreachable: false });
    expect(stored!.reference).toEqual(reference);
    expect(stored!.updatedAt).toBeInstanceOf(Date);
  });

  it('keeps one reference per conversation and channel, the latest', async () => {
    const first = referenceOf('telegram', 'same-conversation');
    await references.remember(first);
    await references.remember({ ...first, activityId: '18' });
    await references.remember({ ...referenceOf('webchat', 'same-conversation') });
    expect((await references.find('telegram', 'same-conversation'))!.reference.activityId).toBe('18');
    expect((await references.find('webchat', 'same-conversation'))!.channelId).toBe('webchat');
  });

  it('marks a conversation unreachable, and reachable again when the person writes', async () => {
    const reference = referenceOf('telegram');
    const id = reference.conversation!.id;
    await references.remember(reference);
    expect(await references.markUnreachable('telegram', id)).toBe(true);
    expect((await references.find('telegram', id))!.unreachable).toBe(true);
    await references.remember(reference);
    expect((await references.find('telegram', id))!.unreachable).toBe(false);
  });

  it('says so when marking a conversation it never saw', async () => {
    expect(await references.markUnreachable('telegram', 'never-seen')).toBe(false);
  });

  it('erases the references of one person on one channel only', async () => {
    const a = referenceOf('telegram', 'erase-a', 'erased-person');
    const b = referenceOf('telegram', 'erase-b', 'erased-person');
    const other = referenceOf('webchat', 'erase-c', 'erased-person');
    for (const r of [a, b, other]) await references.remember(r);
    expect(await references.eraseFor({ channelId: 'telegram', userId: 'erased-person' })).toBe(2);
    expect(await references.find('telegram', 'erase-a')).toBeUndefined();
    expect(await references.find('telegram', 'erase-b')).toBeUndefined();
    expect(await references.find('webchat', 'erase-c')).toBeDefined();
  });

  it('purges references where nobody wrote since a date', async () => {
    const old = referenceOf('telegram', 'purge-old');
    await references.remember(old);
    // Timestamps are stored to the millisecond and may be rounded up: leave a gap on both sides.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const between = new Date();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const recent = referenceOf('telegram', 'purge-recent');
    await references.remember(recent);
    expect(await references.purgeInactiveSince(between)).toBeGreaterThanOrEqual(1);
    expect(await references.find('telegram', 'purge-old')).toBeUndefined();
    expect(await references.find('telegram', 'purge-recent')).toBeDefined();
  });
});
