// One conversation, one turn at a time, in order: messages fired at once into one conversation are
// all answered, each exactly once, and the final state holds every one of them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LocalConnector } from '../bots/localConnector';
import { conversationStateKey } from '../services/personalData';
import type { Prisma } from '../services/database';
import { startBot } from './support/app';
import { RUN_TS } from './support/process';
import { Conversation } from './support/conversation';
import { CountingDialog } from './support/countingDialog';
import { backendTable, createPostgresDatabase, postgresUrl } from './support/databases';

const MESSAGES = 40;
// Ordering is under test here, not the flood limit (test/privacy.test.ts): room for every message.
const NO_FLOOD_LIMIT = { RATE_LIMIT_PER_10S: '1000' };

/** Checks what the person saw and what the bot kept, whatever order the messages arrived in. */
async function expectEveryMessageOnce(conversation: Conversation, sent: string[], prisma: Prisma) {
  const replies = conversation.replies().map((r) => r.text);
  expect(replies).toHaveLength(sent.length);
  // The counts run 1..N in the order the replies went out: no turn started from another's stale state.
  expect(replies.map((r) => Number(r.split(':')[0]))).toEqual(sent.map((_, i) => i + 1));
  // Every message was answered exactly once.
  expect(replies.map((r) => r.split(':')[1]).sort()).toEqual([...sent].sort());
  // The saved state holds every message, in the order they were answered.
  const row = await prisma.botState.findUnique({ where: { key: conversationStateKey('test', conversation.id) } });
  const stack = (row!.data as { dialogState: { dialogStack: { state: { seen: string[] } }[] } }).dialogState.dialogStack;
  expect(stack[0].state.seen).toEqual(replies.map((r) => r.split(':')[1]));
}

describe.each(backendTable)('on %s, within one process', (_name, backend) => {
  it(`answers ${MESSAGES} simultaneous messages of one conversation one after the other, losing none`, async () => {
    const testDb = await backend.create();
    const bot = await startBot({ DATABASE_URL: testDb.url, ...NO_FLOOD_LIMIT }, { rootDialog: new CountingDialog() });
    try {
      const conversation = bot.conversation();
      const other = bot.conversation();
      const sent = Array.from({ length: MESSAGES }, (_, i) => `m${i + 1}`);
      const statuses = await Promise.all([...sent.map((m) => conversation.post(m)), ...['a', 'b', 'c'].map((m) => other.post(m))]);
      expect(statuses.every((s) => s === 200)).toBe(true);
      await expectEveryMessageOnce(conversation, sent, bot.app.database.prisma);
      expect(other.replies().map((r) => r.text.split(':')[0])).toEqual(['1', '2', '3']);
    } finally {
      await bot.stop();
      await testDb.drop();
    }
  });

  it('keeps arrival order for messages sent one after the other without waiting for the answers', async () => {
    const testDb = await backend.create();
    const bot = await startBot({ DATABASE_URL: testDb.url, ...NO_FLOOD_LIMIT }, { rootDialog: new CountingDialog(20) });
    try {
      const conversation = bot.conversation();
      const pending: Promise<number>[] = [];
      for (const m of ['un', 'deux', 'trois', 'quatre']) {
        pending.push(conversation.post(m));
        await new Promise((r) => setTimeout(r, 5)); // each arrives before the previous one is answered
      }
      await Promise.all(pending);
      expect(conversation.replies().map((r) => r.text)).toEqual(['1:un', '2:deux', '3:trois', '4:quatre']);
    } finally {
      await bot.stop();
      await testDb.drop();
    }
  });
});

const describeWithPostgres = postgresUrl ? describe : describe.skip;

describeWithPostgres('two bot processes on one PostgreSQL', () => {
  const servers: ChildProcess[] = [];

  function startServer(databaseUrl: string): Promise<string> {
    const child = spawn(process.execPath, [...RUN_TS, path.join('test', 'support', 'countingServer.ts')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, ...NO_FLOOD_LIMIT },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    servers.push(child);
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('listening ')) resolve(line.slice('listening '.length));
      });
    });
  }

  afterAll(() => {
    for (const s of servers) s.kill('SIGTERM');
  });

  it(`answers ${MESSAGES} messages of one conversation spread over both processes, each once, in order`, async () => {
    const testDb = await createPostgresDatabase();
    const connector = new LocalConnector();
    await connector.start();
    const { openDatabase } = await import('../services/database');
    const database = await openDatabase(testDb.url);
    try {
      const [urlA, urlB] = await Promise.all([startServer(testDb.url), startServer(testDb.url)]);
      const conversation = new Conversation(urlA, connector);
      const sent = Array.from({ length: MESSAGES }, (_, i) => `m${i + 1}`);
      const statuses = await Promise.all(sent.map((m, i) => conversation.post(m, i % 2 ? urlB : urlA)));
      expect(statuses.every((s) => s === 200)).toBe(true);
      await expectEveryMessageOnce(conversation, sent, database.prisma);
    } finally {
      for (const s of servers.splice(0)) s.kill('SIGTERM');
      await database.close();
      await connector.stop();
      await testDb.drop();
    }
  });
});
