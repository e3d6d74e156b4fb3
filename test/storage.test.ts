// One behaviour, every backend: botbuilder's MemoryStorage is the reference, our Prisma storage must
// behave the same on PGlite and PostgreSQL, and refuse stale writes (which MemoryStorage also does).
import { MemoryStorage, type Storage } from 'botbuilder';
import { openDatabase, type Database } from '../services/database';
import { PrismaStorage } from '../services/prismaStorage';
import { backends, type TestDatabase } from './support/databases';

type Subject = { name: string; open: () => Promise<{ storage: Storage; close: () => Promise<void> }> };

const subjects: Subject[] = [
  { name: 'MemoryStorage (reference)', open: async () => ({ storage: new MemoryStorage(), close: async () => {} }) },
  ...backends.map((backend) => ({
    name: `PrismaStorage on ${backend.name}`,
    open: async () => {
      const testDb: TestDatabase = await backend.create();
      const database: Database = await openDatabase(testDb.url);
      await database.migrate();
      return {
        storage: new PrismaStorage(database.prisma),
        close: async () => {
          await database.close();
          await testDb.drop();
        },
      };
    },
  })),
];

describe.each(subjects.map((s) => [s.name, s] as const))('%s', (_name, subject) => {
  let storage: Storage;
  let close: () => Promise<void>;
  let n = 0;
  const key = () => `test/conversations/c${++n}-${Date.now()}/`;

  beforeAll(async () => {
    ({ storage, close } = await subject.open());
  });
  afterAll(() => close());

  it('reads nothing for keys never written', async () => {
    expect(await storage.read([key(), key()])).toEqual({});
  });

  it('gives back what was written, with an eTag', async () => {
    const k = key();
    const item = { dialogState: { dialogStack: [{ id: 'rôle', state: { values: [1, 'deux', null, { trois: true }] } }] }, note: 'Vénissieux 🚜' };
    await storage.write({ [k]: item });
    const read = await storage.read([k, key()]);
    expect(Object.keys(read)).toEqual([k]);
    expect(read[k]).toMatchObject(item);
    expect(typeof read[k].eTag).toBe('string');
  });

  it('accepts a write carrying the current eTag, and gives the item a new eTag', async () => {
    const k = key();
    await storage.write({ [k]: { count: 1 } });
    const first = (await storage.read([k]))[k];
    await storage.write({ [k]: { ...first, count: 2 } });
    const second = (await storage.read([k]))[k];
    expect(second.count).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  it('refuses a write whose eTag is stale, and keeps the newer value', async () => {
    const k = key();
    await storage.write({ [k]: { answer: 'first' } });
    const stale = (await storage.read([k]))[k];
    await storage.write({ [k]: { ...stale, answer: 'second' } });
    await expect(storage.write({ [k]: { ...stale, answer: 'lost update' } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read([k]))[k].answer).toBe('second');
  });

  it('lets exactly one of two writers holding the same eTag win', async () => {
    const k = key();
    await storage.write({ [k]: { turn: 0 } });
    const base = (await storage.read([k]))[k];
    const results = await Promise.allSettled([
      storage.write({ [k]: { ...base, turn: 'A' } }),
      storage.write({ [k]: { ...base, turn: 'B' } }),
    ]);
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? ['A', 'B'][i] : []));
    expect(won).toHaveLength(1);
    expect((await storage.read([k]))[k].turn).toBe(won[0]);
  });

  it('overwrites unconditionally with eTag "*" or no eTag', async () => {
    const k = key();
    await storage.write({ [k]: { v: 1 } });
    await storage.write({ [k]: { v: 2, eTag: '*' } });
    expect((await storage.read([k]))[k].v).toBe(2);
    await storage.write({ [k]: { v: 3 } });
    expect((await storage.read([k]))[k].v).toBe(3);
  });

  it('creates an item that does not exist yet even when the write carries an eTag', async () => {
    const k = key();
    await storage.write({ [k]: { v: 'new', eTag: 'from-elsewhere' } });
    expect((await storage.read([k]))[k].v).toBe('new');
  });

  it('deletes items, and deleting a missing key is not an error', async () => {
    const [a, b] = [key(), key()];
    await storage.write({ [a]: { v: 'a' }, [b]: { v: 'b' } });
    await storage.delete([a, key()]);
    const read = await storage.read([a, b]);
    expect(Object.keys(read)).toEqual([b]);
  });
});
