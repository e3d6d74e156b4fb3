// Pools, on every backend: needs of different companies for the same fiche, close in place and in
// time, gather; the pools follow the needs as they change or are withdrawn, show each member's
// invitation, and come out the same for the same needs.
import { openDatabase, type Database } from '../services/database';
import { PoolingService } from '../services/demand/pools';
import type { Pool, PoolsQuery } from '../services/demand/types';
import { NeedsStore, type CompleteNeed, type StoredNeed } from '../services/needs';
import { backendTable, type TestDatabase } from './support/databases';

// Today is 2026-11-25 in Paris.
const NOW = new Date('2026-11-25T10:00:00+01:00');

// Town halls: Vaulx-en-Velin is 9 km from Vénissieux, Jonage 16 km from Vénissieux and 10 km from
// Vaulx-en-Velin, Quincieux 25 km from Vénissieux.
const PLACE = {
  venissieux: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
  vaulx: { said: 'Vaulx', insee: '69256', name: 'Vaulx-en-Velin', inMetropole: true },
  jonage: { said: 'Jonage', insee: '69279', name: 'Jonage', inMetropole: true },
  quincieux: { said: 'Quincieux', insee: '69163', name: 'Quincieux', inMetropole: true },
  lyon3: { said: 'Lyon 3e', insee: '69383', name: 'Lyon 3e Arrondissement', inMetropole: true },
  villefranche: { said: 'Villefranche', insee: '69264', name: 'Villefranche-sur-Saône', inMetropole: false },
};
const FICHES = {
  N1101: { said: 'caristes', rome: 'N1101', romeLabel: 'Caristes (dit)', domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.9 },
  M1203: { said: 'comptables', rome: 'M1203', romeLabel: 'Comptabilité', domain: 'M', domainLabel: 'Support à l’entreprise', confidence: 0.9 },
};

interface NeedSpec {
  company: string;
  headcount?: number;
  place?: keyof typeof PLACE;
  fiche?: keyof typeof FICHES;
  start?: string | null;
  end?: string | null;
  urgent?: boolean;
  consent?: boolean;
}

const labels = (_kind: 'rome', key: string) => (key === 'N1101' ? 'Conduite d’engins de déplacement des charges' : null);

describe.each(backendTable)('pools on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let needs: NeedsStore;
  let pooling: PoolingService;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    needs = new NeedsStore(database.prisma);
    pooling = new PoolingService(database.prisma, { radiusKm: 15, minHeadcount: 8, labels, now: () => NOW });
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });
  beforeEach(async () => {
    await database.prisma.need.deleteMany();
    await database.prisma.company.deleteMany();
  });

  /** A need of the named company (one person on the channel per company). */
  async function need(spec: NeedSpec): Promise<StoredNeed> {
    const { company, headcount = 4, place = 'venissieux', fiche = 'N1101', start = '2027-01-01', end = '2027-03-31', urgent = false, consent = true } = spec;
    const complete: CompleteNeed = {
      description: `${headcount} ${FICHES[fiche].said}`,
      occupation: FICHES[fiche],
      headcount: { said: String(headcount), value: headcount, approximate: false },
      deadline: { said: urgent ? 'au plus vite' : `d’ici ${end}`, start: urgent ? null : start, end: urgent ? null : end, urgent },
      place: PLACE[place],
      modality: null,
    };
    const [stored] = await needs.record([complete], { channelId: 'test', conversationId: `conv-${company}`, userId: company }, { name: company, contact: `${company}@exemple.fr` }, consent);
    return stored;
  }
  const pools = (query: Partial<PoolsQuery> = {}) => pooling.pools({ territory: { kind: 'all' }, ...query });
  const memberIds = (list: Pool[]) => list.map((p) => p.members.map((m) => m.needId));

  it('gathers two companies with the same fiche 9 km apart whose windows overlap', async () => {
    const a = await need({ company: 'Alpha', start: '2027-01-01', end: '2027-03-31' });
    const b = await need({ company: 'Beta', headcount: 3, place: 'vaulx', start: '2027-02-01', end: '2027-06-30', consent: false });
    expect(await pools()).toEqual<Pool[]>([
      {
        id: a.id,
        rome: 'N1101',
        romeLabel: 'Conduite d’engins de déplacement des charges',
        anchor: { insee: '69259', name: 'Vénissieux' },
        window: { start: '2027-02-01', end: '2027-03-31' },
        headcount: 7,
        companies: 2,
        viable: false,
        members: [
          {
            needId: a.id,
            company: { id: a.company!.id, name: 'Alpha' },
            headcount: 4,
            commune: { insee: '69259', name: 'Vénissieux' },
            deadline: { start: '2027-01-01', end: '2027-03-31', urgent: false },
            consent: true,
            invitation: null,
          },
          {
            needId: b.id,
            company: { id: b.company!.id, name: 'Beta' },
            headcount: 3,
            commune: { insee: '69256', name: 'Vaulx-en-Velin' },
            deadline: { start: '2027-02-01', end: '2027-06-30', urgent: false },
            consent: false,
            invitation: null,
          },
        ],
      },
    ]);
    expect(JSON.stringify(await pools())).not.toMatch(/exemple\.fr|conv-/);
  });

  it('is viable from 8 people', async () => {
    await need({ company: 'Alpha', headcount: 5 });
    await need({ company: 'Beta', headcount: 3, place: 'vaulx' });
    expect(await pools()).toEqual([expect.objectContaining({ headcount: 8, viable: true })]);
  });

  it.each<[string, NeedSpec]>([
    ['25 km apart', { company: 'Beta', place: 'quincieux' }],
    ['with disjoint windows', { company: 'Beta', place: 'vaulx', start: '2027-04-01', end: '2027-06-30' }],
    ['for another fiche', { company: 'Beta', place: 'vaulx', fiche: 'M1203' }],
    ['outside the Métropole, where distances are unknown', { company: 'Beta', place: 'villefranche' }],
    ['of the same company', { company: 'Alpha', place: 'vaulx' }],
    ['whose deadline has passed', { company: 'Beta', place: 'vaulx', start: '2026-10-01', end: '2026-11-24' }],
  ])('does not gather two needs %s', async (_why, other) => {
    await need({ company: 'Alpha' });
    await need(other);
    expect(await pools()).toEqual([]);
  });

  it('lets a need without a company count as its own, and more needs of a member company join', async () => {
    const a = await need({ company: 'Alpha' });
    const a2 = await need({ company: 'Alpha', place: 'vaulx', end: '2027-04-30' });
    expect(await pools()).toEqual([]);
    const anonymous = await need({ company: 'Gamma', end: '2027-05-31' });
    await database.prisma.need.update({ where: { id: anonymous.id }, data: { companyId: null } });
    const [pool] = await pools();
    expect(pool.members.map((m) => [m.needId, m.company])).toEqual([
      [a.id, { id: a.company!.id, name: 'Alpha' }],
      [a2.id, { id: a.company!.id, name: 'Alpha' }],
      [anonymous.id, { id: null, name: null }],
    ]);
    expect(pool).toMatchObject({ companies: 2, headcount: 12, viable: true });
  });

  it('anchors a pool at its first need: a need near a member but far from the anchor stays out', async () => {
    const a = await need({ company: 'Alpha', end: '2027-02-28' });
    const b = await need({ company: 'Beta', place: 'vaulx' });
    await need({ company: 'Gamma', place: 'jonage' });
    expect(memberIds(await pools())).toEqual([[a.id, b.id]]);
  });

  it('gives urgent needs a window of three months from the day they were recorded', async () => {
    const urgent = await need({ company: 'Alpha', urgent: true });
    await database.prisma.need.update({ where: { id: urgent.id }, data: { createdAt: new Date('2026-11-20T09:00:00Z') } });
    const b = await need({ company: 'Beta', place: 'vaulx', start: '2027-02-20', end: '2027-06-30' });
    expect(await pools()).toEqual([expect.objectContaining({ id: urgent.id, window: { start: '2027-02-20', end: '2027-02-20' } })]);
    expect(memberIds(await pools())).toEqual([[urgent.id, b.id]]);
    await database.prisma.need.update({ where: { id: urgent.id }, data: { createdAt: new Date('2026-11-10T09:00:00Z') } });
    expect(await pools()).toEqual([]);
  });

  it('breaks when a need is withdrawn, and comes back when it is confirmed again', async () => {
    await need({ company: 'Alpha' });
    const b = await need({ company: 'Beta', place: 'vaulx' });
    expect(await pools()).toHaveLength(1);
    await needs.update(b.id, { status: 'withdrawn' });
    expect(await pools()).toEqual([]);
    expect(await pooling.poolOf(b.id)).toBeUndefined();
    await needs.update(b.id, { status: 'confirmed' });
    expect(await pools()).toHaveLength(1);
  });

  it('follows a change of deadline and of headcount', async () => {
    const a = await need({ company: 'Alpha', end: '2027-02-28' });
    const b = await need({ company: 'Beta', place: 'vaulx', start: '2027-04-01', end: '2027-06-30' });
    expect(await pools()).toEqual([]);
    await needs.update(b.id, { headcount: 6, deadline: { said: 'fin février', start: '2027-02-01', end: '2027-02-28', urgent: false } });
    expect(await pools()).toEqual([expect.objectContaining({ id: a.id, window: { start: '2027-02-01', end: '2027-02-28' }, headcount: 10, viable: true })]);
    // A later end for the first need: the other one now ends first and seeds the pool.
    await needs.update(a.id, { deadline: { said: 'fin mars', start: '2027-01-01', end: '2027-03-31', urgent: false } });
    expect(await pools()).toEqual([expect.objectContaining({ id: b.id, anchor: { insee: '69256', name: 'Vaulx-en-Velin' } })]);
  });

  it('shows each member’s consent and invitation: answered yes or no, pending, not asked', async () => {
    const a = await need({ company: 'Alpha' });
    const b = await need({ company: 'Beta', place: 'vaulx' });
    const c = await need({ company: 'Gamma', place: 'lyon3' });
    const d = await need({ company: 'Delta', consent: false });
    await database.prisma.poolInvitation.createMany({
      data: [
        { needId: a.id, otherCompanies: 1, answer: 'YES', answeredAt: NOW },
        { needId: b.id, otherCompanies: 1, answer: 'NO', answeredAt: NOW },
        { needId: c.id, otherCompanies: 2 },
      ],
    });
    const [pool] = await pools();
    expect(pool.members.map((m) => [m.needId, m.consent, m.invitation])).toEqual([
      [a.id, true, 'yes'],
      [b.id, true, 'no'],
      [c.id, true, 'pending'],
      [d.id, false, null],
    ]);
  });

  it('finds the pool of a need, and none for a need alone, withdrawn, unknown or badly written', async () => {
    const a = await need({ company: 'Alpha' });
    const b = await need({ company: 'Beta', place: 'vaulx' });
    const alone = await need({ company: 'Gamma', fiche: 'M1203' });
    expect((await pooling.poolOf(b.id))?.id).toBe(a.id);
    expect(await pooling.poolOf(a.id)).toEqual((await pools())[0]);
    expect(await pooling.poolOf(alone.id)).toBeUndefined();
    expect(await pooling.poolOf('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await pooling.poolOf('pas-un-id')).toBeUndefined();
  });

  it('filters by fiche, territory of the anchor and viability, viable pools first then the largest', async () => {
    const small = await need({ company: 'Alpha', headcount: 2, fiche: 'M1203' });
    await need({ company: 'Beta', headcount: 2, fiche: 'M1203', place: 'vaulx' });
    const big = await need({ company: 'Gamma', headcount: 20, place: 'lyon3', fiche: 'M1203', start: '2027-05-01', end: '2027-06-30' });
    await need({ company: 'Delta', headcount: 2, place: 'lyon3', fiche: 'M1203', start: '2027-05-01', end: '2027-06-30' });
    const viable = await need({ company: 'Alpha', headcount: 5 });
    await need({ company: 'Beta', headcount: 5, place: 'vaulx' });
    const ids = async (query: Partial<PoolsQuery>) => (await pools(query)).map((p) => p.id);

    expect(await ids({})).toEqual([big.id, viable.id, small.id]);
    expect(await ids({ viableOnly: true })).toEqual([big.id, viable.id]);
    expect(await ids({ rome: 'M1203' })).toEqual([big.id, small.id]);
    expect(await ids({ territory: { kind: 'commune', insee: '69123' } })).toEqual([big.id]);
    expect(await ids({ territory: { kind: 'commune', insee: '69259' } })).toEqual([viable.id, small.id]);
    expect(await ids({ territory: { kind: 'metropole' } })).toHaveLength(3);
    expect(await ids({ territory: { kind: 'outside' } })).toEqual([]);
    expect((await pools({ rome: 'M1203' }))[1].romeLabel).toBe('Comptabilité');
  });

  it('gives the same pools for the same needs, again, from another instance, and whatever order they were recorded in', async () => {
    const places = ['venissieux', 'vaulx', 'lyon3', 'jonage', 'quincieux', 'venissieux', 'vaulx', 'lyon3', 'jonage', 'venissieux'] as const;
    const specs = places.map((place, i) => ({
      company: `Entreprise ${i % 5}`,
      fiche: i % 3 ? ('N1101' as const) : ('M1203' as const),
      place,
      headcount: i + 1,
      start: `2027-0${1 + (i % 3)}-01`,
      end: `2027-0${4 + (i % 4)}-${10 + i}`,
    }));
    for (const spec of specs) await need(spec);
    const first = await pools();
    expect(first.map((p) => [p.rome, p.members.length, p.headcount])).toEqual([
      ['M1203', 3, 18],
      ['N1101', 3, 17],
      ['N1101', 2, 11],
    ]);
    expect(await pools()).toEqual(first);
    const other = new PoolingService(database.prisma, { radiusKm: 15, minHeadcount: 8, labels, now: () => NOW });
    expect(await other.pools({ territory: { kind: 'all' } })).toEqual(first);
    // Every need is in one pool at most.
    const all = first.flatMap((p) => p.members.map((m) => m.needId));
    expect(new Set(all).size).toBe(all.length);

    // The same needs recorded in the reverse order (new ids): the same pools.
    const shape = (list: Pool[]) => list.map((p) => ({ ...p, id: '', members: p.members.map((m) => [m.company.name, m.headcount, m.commune.insee]) }));
    await database.prisma.need.deleteMany();
    await database.prisma.company.deleteMany();
    for (const spec of [...specs].reverse()) await need(spec);
    expect(shape(await pools())).toEqual(shape(first));
  });
});
