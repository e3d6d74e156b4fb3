// The demand counted as needs arrive, on every backend: a confirmed need counts at once in each
// dimension; a change or a withdrawal takes its share back; a company's new size moves its earlier
// needs; and the incremental counts always equal a recount from the needs themselves.
import { openDatabase, type Database } from '../services/database';
import { NeedsStore, type CompleteNeed } from '../services/needs';
import { rebuild, rebuildIfMissing } from '../services/demand/rollup';
import { backendTable, type TestDatabase } from './support/databases';

function need(overrides: Partial<CompleteNeed> = {}): CompleteNeed {
  return {
    description: '4 caristes d’ici fin février à Vénissieux',
    occupation: { said: 'caristes', rome: 'N1101', romeLabel: 'Conduite d’engins de déplacement des charges', domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.9 },
    headcount: { said: '4', value: 4, approximate: false },
    deadline: { said: 'd’ici fin février', start: '2026-11-25', end: '2027-02-28', urgent: false },
    place: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
    modality: null,
    ...overrides,
  };
}
const origin = (userId: string) => ({ channelId: 'test', conversationId: `conv-${userId}`, userId });

describe.each(backendTable)('demand rollup on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let store: NeedsStore;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    store = new NeedsStore(database.prisma);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  const rows = async (dimension: string) =>
    (await database.prisma.needRollup.findMany({ where: { dimension }, orderBy: [{ value: 'asc' }, { communeInsee: 'asc' }] })).map((r) => ({
      value: r.value,
      commune: r.communeInsee,
      needs: r.needs,
      headcount: r.headcount,
    }));
  const snapshot = async () => (await database.prisma.needRollup.findMany({ orderBy: [{ dimension: 'asc' }, { month: 'asc' }, { communeInsee: 'asc' }, { value: 'asc' }] })).map((r) => ({ ...r }));

  it('counts a confirmed need at once, in every dimension', async () => {
    const [stored] = await store.record([need()], origin('a'), { size: '35', sector: ' Logistique ' });
    expect(await rows('rome')).toEqual([{ value: 'N1101', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('domain')).toEqual([{ value: 'N', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('deadlineMonth')).toEqual([{ value: '2027-02', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('deadlineQuarter')).toEqual([{ value: '2027-T1', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('size')).toEqual([{ value: '10-49', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('sector')).toEqual([{ value: 'logistique', commune: '69259', needs: 1, headcount: 4 }]);
    const [week] = await rows('week');
    expect(week.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${week.value}T12:00:00Z`).getUTCDay()).toBe(1); // a Monday
    await store.update(stored.id, { status: 'withdrawn' });
  });

  it('takes a withdrawn need back, and moves a changed one', async () => {
    const [stored] = await store.record([need({ headcount: { said: '6', value: 6, approximate: false } })], origin('b'));
    expect(await rows('rome')).toEqual([{ value: 'N1101', commune: '69259', needs: 1, headcount: 6 }]);
    await store.update(stored.id, { headcount: 9, deadline: { said: 'fin avril', start: null, end: '2027-04-30', urgent: false } });
    expect(await rows('rome')).toEqual([{ value: 'N1101', commune: '69259', needs: 1, headcount: 9 }]);
    expect(await rows('deadlineMonth')).toEqual([{ value: '2027-04', commune: '69259', needs: 1, headcount: 9 }]);
    await store.update(stored.id, { status: 'withdrawn' });
    expect(await rows('rome')).toEqual([]);
    expect(await store.update('00000000-0000-4000-8000-000000000000', { status: 'withdrawn' })).toBeUndefined();
    expect(await store.update('pas-un-id', { headcount: 3 })).toBeUndefined();
  });

  it('counts urgent needs as « as soon as possible », and needs without a fiche or a company size as unknown', async () => {
    const [stored] = await store.record(
      [need({ occupation: { said: 'électriciens', rome: null, romeLabel: null, domain: null, domainLabel: null, confidence: 0.3 }, deadline: { said: 'au plus vite', start: null, end: null, urgent: true } })],
      origin('c'),
    );
    expect(await rows('rome')).toEqual([{ value: '?', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('deadlineMonth')).toEqual([{ value: 'asap', commune: '69259', needs: 1, headcount: 4 }]);
    expect(await rows('size')).toEqual([{ value: '?', commune: '69259', needs: 1, headcount: 4 }]);
    await store.update(stored.id, { status: 'withdrawn' });
  });

  it('moves a company’s earlier needs when it gives its size later', async () => {
    await store.record([need()], origin('d'));
    expect(await rows('size')).toEqual([{ value: '?', commune: '69259', needs: 1, headcount: 4 }]);
    await store.record([need({ place: { said: 'Bron', insee: '69029', name: 'Bron', inMetropole: true } })], origin('d'), { size: '250 et plus' });
    expect(await rows('size')).toEqual([
      { value: '250+', commune: '69029', needs: 1, headcount: 4 },
      { value: '250+', commune: '69259', needs: 1, headcount: 4 },
    ]);
  });

  it('always equals a recount from the needs, and is rebuilt at start-up when missing', async () => {
    await store.record([need(), need({ rome: undefined } as never)], origin('e'), { size: '1 à 9', sector: 'BTP' });
    await store.record([need({ place: { said: 'Lyon 3e', insee: '69383', name: 'Lyon 3e Arrondissement', inMetropole: true } })], origin('f'), { size: '12' });
    const incremental = await snapshot();
    await rebuild(database.prisma);
    expect(await snapshot()).toEqual(incremental);

    expect(await rebuildIfMissing(database.prisma)).toBe(false);
    await database.prisma.needRollup.deleteMany();
    expect(await rebuildIfMissing(database.prisma)).toBe(true);
    expect(await snapshot()).toEqual(incremental);
  });

  it('counts a need recorded just after midnight in Paris in the new month', async () => {
    const [stored] = await store.record([need()], origin('g'));
    await database.prisma.need.update({ where: { id: stored.id }, data: { createdAt: new Date('2026-02-28T23:30:00Z') } }); // 1 March, 00:30 in Paris
    await rebuild(database.prisma);
    const months = await database.prisma.needRollup.findMany({ where: { dimension: 'rome', month: new Date('2026-03-01T00:00:00Z') } });
    expect(months.map((m) => m.needs)).toEqual([1]);
  });
});
