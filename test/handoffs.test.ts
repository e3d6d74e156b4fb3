// The advisors' queue, on every backend: one open handoff per conversation, one advisor per
// conversation however many try at once, results and notes kept, erasure and retention.
import { openDatabase, type Database } from '../services/database';
import { Handoffs, type HandoffRequest } from '../services/handoff/handoffs';
import { InProcessHandoffEvents, PostgresHandoffEvents, type HandoffChange } from '../services/handoff/events';
import { createLogger } from '../services/logger';
import { backendTable, postgresUrl, type TestDatabase } from './support/databases';

const camille = '00000000-0000-4000-8000-00000000000a';
const yanis = '00000000-0000-4000-8000-00000000000b';

describe.each(backendTable)('the handoff queue on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let handoffs: Handoffs;
  let changes: HandoffChange[];
  let clock: Date;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    await database.prisma.advisor.createMany({
      data: [
        { id: camille, email: 'camille@crij.example', name: 'Camille', passwordHash: 'x', roles: ['ADVISOR'] },
        { id: yanis, email: 'yanis@crij.example', name: 'Yanis', passwordHash: 'x', roles: ['ADVISOR'] },
      ],
    });
    const events = new InProcessHandoffEvents();
    events.subscribe((change) => changes.push(change));
    handoffs = new Handoffs(database.prisma, events, () => clock);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });
  beforeEach(() => {
    changes = [];
    clock = new Date('2026-11-25T09:00:00Z');
  });

  let n = 0;
  const request = (extra: Partial<HandoffRequest> = {}): HandoffRequest => ({
    channelId: 'telegram',
    conversationId: `conv-${++n}`,
    userId: `user-${n}`,
    reason: 'ASKED',
    summary: 'Rôle : personne',
    ...extra,
  });

  it('queues a conversation once, however often the person asks', async () => {
    const asked = request();
    const first = await handoffs.request(asked);
    const again = await handoffs.request({ ...asked, summary: 'Rôle : personne ; intérêts : bricoler' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.handoff.id).toBe(first.handoff.id);
    expect(again.handoff.summary).toMatch(/bricoler/);
    expect((await handoffs.queue()).filter((h) => h.conversationId === asked.conversationId)).toHaveLength(1);
    expect(changes.map((c) => c.kind)).toEqual(['queued', 'updated']);
  });

  it('queues once when two messages of the same person ask at the same moment', async () => {
    const asked = request();
    const both = await Promise.all([handoffs.request(asked), handoffs.request(asked)]);
    expect(both.filter((r) => r.created)).toHaveLength(1);
    expect(both[0].handoff.id).toBe(both[1].handoff.id);
  });

  it('lets exactly one of several advisors take a conversation', async () => {
    const { handoff } = await handoffs.request(request());
    const taken = await Promise.all([handoffs.take(handoff.id, camille), handoffs.take(handoff.id, yanis), handoffs.take(handoff.id, yanis)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const now = await handoffs.get(handoff.id);
    expect(now).toMatchObject({ status: 'ASSIGNED' });
    expect([camille, yanis]).toContain(now!.advisorId);
    expect(changes.filter((c) => c.kind === 'taken')).toHaveLength(1);
  });

  it('counts who waits before, oldest first, and the typical wait from past take-overs', async () => {
    const earlier = await handoffs.request(request());
    clock = new Date('2026-11-25T09:05:00Z');
    const later = await handoffs.request(request());
    expect(await handoffs.position(later.handoff)).toBeGreaterThan(await handoffs.position(earlier.handoff));
    clock = new Date('2026-11-25T09:12:00Z');
    await handoffs.take(earlier.handoff.id, camille);
    expect(await handoffs.typicalWaitMinutes()).toBeGreaterThan(0);
  });

  it('only the holder hands back or to a dialog; a closed conversation can be queued again, with its notes', async () => {
    const asked = request();
    const { handoff } = await handoffs.request(asked);
    expect(await handoffs.release(handoff.id, camille)).toBe(false); // not taken yet
    await handoffs.take(handoff.id, camille);
    expect(await handoffs.release(handoff.id, yanis)).toBe(false);
    expect(await handoffs.handToDialog(handoff.id, yanis, 'orientation', true)).toBe(false);
    await handoffs.addNote(handoff.id, 'Camille', 'A déjà un CAP');
    expect(await handoffs.release(handoff.id, camille)).toBe(true);
    expect(await handoffs.open(asked)).toBeUndefined();

    const reopened = await handoffs.request({ ...asked, reason: 'STUCK' });
    expect(reopened).toMatchObject({ created: true, handoff: { id: handoff.id, status: 'WAITING', reason: 'STUCK', advisorId: null } });
    expect((await handoffs.notes(handoff.id)).map((note) => note.text)).toEqual(['A déjà un CAP']);
  });

  it('gives a guided dialog’s result to the advisor, and the conversation back when asked', async () => {
    const back = request();
    const a = (await handoffs.request(back)).handoff;
    await handoffs.take(a.id, camille);
    await handoffs.handToDialog(a.id, camille, 'digital', true);
    expect(await handoffs.open(back)).toMatchObject({ status: 'DIALOG', dialog: 'digital', returnToAdvisor: true });
    expect(await handoffs.dialogDone(back, 'Numérique : e-mails : à l’aise')).toMatchObject({ status: 'ASSIGNED', advisorId: camille });
    expect(await handoffs.notes(a.id)).toEqual([expect.objectContaining({ kind: 'RESULT', author: 'digital', text: 'Numérique : e-mails : à l’aise' })]);

    const keep = request();
    const b = (await handoffs.request(keep)).handoff;
    await handoffs.take(b.id, camille);
    await handoffs.handToDialog(b.id, camille, 'needs', false);
    expect(await handoffs.dialogDone(keep, 'Besoins enregistrés')).toMatchObject({ status: 'CLOSED' });
    expect(await handoffs.open(keep)).toBeUndefined();
  });

  it('ignores the end of a dialog nobody handed over', async () => {
    const asked = request();
    await handoffs.request(asked);
    expect(await handoffs.dialogDone(asked, 'résultat')).toBeUndefined();
    expect(await handoffs.dialogDone({ channelId: 'telegram', conversationId: 'never-queued' }, 'résultat')).toBeUndefined();
    expect(await handoffs.open(asked)).toMatchObject({ status: 'WAITING' });
  });

  it('lets the person carry on with the bot or withdraw while waiting, not once taken', async () => {
    const waiting = (await handoffs.request(request())).handoff;
    expect(await handoffs.continueWithBot(waiting.id)).toBe(true);
    expect(await handoffs.get(waiting.id)).toMatchObject({ status: 'WAITING', botContinues: true });
    expect(await handoffs.withdraw(waiting.id)).toBe(true);
    expect(await handoffs.get(waiting.id)).toMatchObject({ status: 'CLOSED' });

    const taken = (await handoffs.request(request())).handoff;
    await handoffs.take(taken.id, yanis);
    expect(await handoffs.withdraw(taken.id)).toBe(false);
    expect(await handoffs.continueWithBot(taken.id)).toBe(false);
  });

  it('follows a contact centre’s handoff.status', async () => {
    const asked = request({ external: true });
    const { handoff } = await handoffs.request(asked);
    expect(await handoffs.take(handoff.id, camille)).toBe(false); // not ours to take
    expect(await handoffs.externalStatus(asked, 'accepted')).toMatchObject({ status: 'ASSIGNED', external: true });
    expect(await handoffs.externalStatus(asked, 'completed')).toMatchObject({ status: 'CLOSED' });
    expect(await handoffs.externalStatus(asked, 'accepted')).toBeUndefined();
  });

  it('shows the queue oldest first, with the holder’s name and the person’s latest message', async () => {
    const asked = request();
    const { handoff } = await handoffs.request(asked);
    await database.prisma.transcriptEntry.createMany({
      data: [
        { channelId: 'telegram', conversationId: asked.conversationId, userId: asked.userId, direction: 'IN', text: 'premier' },
        { channelId: 'telegram', conversationId: asked.conversationId, userId: asked.userId, direction: 'IN', text: '<b>dernier</b>' },
        { channelId: 'telegram', conversationId: asked.conversationId, userId: asked.userId, direction: 'OUT', text: 'réponse du bot' },
      ],
    });
    await handoffs.take(handoff.id, camille);
    const queue = await handoffs.queue();
    const mine = queue.find((h) => h.id === handoff.id)!;
    expect(mine).toMatchObject({ advisorName: 'Camille', lastMessage: { text: '<b>dernier</b>' } });
    const times = queue.map((h) => h.requestedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('refuses ids that are not ids, without a database error', async () => {
    expect(await handoffs.get('1 OR 1=1')).toBeUndefined();
    expect(await handoffs.take('../etc', camille)).toBe(false);
    expect(await handoffs.addNote('nope', 'Camille', 'x')).toBeUndefined();
  });

  it('erases a person’s conversations with their notes, and purges closed ones past retention', async () => {
    const asked = request();
    const { handoff } = await handoffs.request(asked);
    await handoffs.addNote(handoff.id, 'Camille', 'note');
    expect(await handoffs.eraseConversations('telegram', [asked.conversationId])).toBe(1);
    expect(await handoffs.get(handoff.id)).toBeUndefined();
    expect(await handoffs.notes(handoff.id)).toEqual([]);

    const old = (await handoffs.request(request())).handoff;
    const open = (await handoffs.request(request())).handoff;
    await handoffs.withdraw(old.id);
    const purged = await handoffs.purgeClosedSince(new Date(Date.now() + 60_000));
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await handoffs.get(old.id)).toBeUndefined();
    expect(await handoffs.get(open.id)).toMatchObject({ status: 'WAITING' });
  });
});

(postgresUrl ? describe : describe.skip)('handoff changes across instances on PostgreSQL', () => {
  it('a change published by one instance reaches the consoles of another', async () => {
    const logger = createLogger('silent');
    const one = new PostgresHandoffEvents(postgresUrl!, logger);
    const two = new PostgresHandoffEvents(postgresUrl!, logger);
    try {
      await Promise.all([one.started(), two.started()]);
      const received = new Promise<HandoffChange>((resolve) => two.subscribe(resolve));
      await one.publish({ handoffId: '00000000-0000-4000-8000-0000000000ff', kind: 'taken' });
      await expect(received).resolves.toEqual({ handoffId: '00000000-0000-4000-8000-0000000000ff', kind: 'taken' });
    } finally {
      await one.close();
      await two.close();
    }
  });
});
