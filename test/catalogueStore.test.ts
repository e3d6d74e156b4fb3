// The catalogue store, on every backend: offers come back with their provider, places and sessions;
// unchanged content is not rewritten; changed content replaces places and sessions; providers are
// shared by SIRET or by name; a failure anywhere in a batch leaves the catalogue as it was.
import { openDatabase, type Database } from '../services/database';
import { CatalogueStore } from '../services/offers/catalogue';
import { ImportError, type OfferInput } from '../services/offers/types';
import { backendTable, type TestDatabase } from './support/databases';

function offer(source: string, sourceId: string, overrides: Partial<OfferInput> = {}): OfferInput {
  return {
    source,
    sourceId,
    title: 'Titre professionnel Cariste d’entrepôt',
    description: 'Conduire les chariots R489 en sécurité.',
    kind: 'diploma',
    provider: { name: 'Exemple Formation Logistique', siret: '12345678900012', contact: '04 00 00 00 01', website: 'http://www.formation-exemple.fr' },
    romeCodes: ['N1101'],
    formacodes: ['31812'],
    nsfCodes: ['311'],
    audiences: ['job_seekers', 'employees'],
    modality: 'mixte',
    fundingPossible: true,
    costEuros: 1800,
    url: 'https://formation-exemple.fr/cariste',
    places: [
      { sourceId: 'A-VENISSIEUX', name: 'Plateau logistique Exemple', address: '12 rue de l’Industrie, 69200 Vénissieux', communeInsee: '69259', communeName: 'Vénissieux', latitude: 45.7037, longitude: 4.8867 },
      { sourceId: 'A-BRON', name: 'Centre Exemple', address: '1 avenue Exemple, 69500 Bron', communeInsee: '69029', communeName: 'Bron' },
    ],
    sessions: [
      { sourceId: 'S1', placeIndex: 0, start: '2027-01-04', end: '2027-03-26', recruitment: 'open' },
      { sourceId: 'S2', placeIndex: 1, start: '2026-09-07', end: '2026-11-20', recruitment: 'closed' },
      { sourceId: 'S3', placeIndex: null, start: null, end: null },
    ],
    ...overrides,
  };
}

async function* slowly(offers: OfferInput[], failAfter?: number): AsyncGenerator<OfferInput> {
  for (const [i, o] of offers.entries()) {
    if (i === failAfter) throw new ImportError('XML mal formé : balise <formation> non fermée', 120, 4);
    await new Promise((resolve) => setImmediate(resolve));
    yield o;
  }
}

describe.each(backendTable)('catalogue store on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let store: CatalogueStore;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    store = new CatalogueStore(database.prisma);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  const read = (source: string, sourceId: string) =>
    database.prisma.offer.findUniqueOrThrow({
      where: { source_sourceId: { source, sourceId } },
      include: { provider: true, places: { orderBy: { id: 'asc' } }, sessions: { orderBy: { id: 'asc' }, include: { place: true } } },
    });
  const snapshot = (source: string) =>
    database.prisma.offer.findMany({ where: { source }, orderBy: { sourceId: 'asc' }, include: { places: true, sessions: true } });

  it('creates an offer with its provider, its places and its sessions, in source order', async () => {
    const report = await store.upsert([offer('create', 'F1')]);
    expect(report).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: [] });

    const row = await read('create', 'F1');
    expect(row).toMatchObject({
      title: 'Titre professionnel Cariste d’entrepôt',
      description: 'Conduire les chariots R489 en sécurité.',
      kind: 'DIPLOMA',
      formal: true,
      romeCodes: ['N1101'],
      formacodes: ['31812'],
      nsfCodes: ['311'],
      audiences: ['JOB_SEEKERS', 'EMPLOYEES'],
      modality: 'MIXTE',
      free: false,
      cpf: false,
      fundingPossible: true,
      costEuros: 1800,
      accessibility: null,
      signUp: null,
      url: 'https://formation-exemple.fr/cariste',
      demo: false,
      provider: { name: 'Exemple Formation Logistique', siret: '12345678900012', contact: '04 00 00 00 01', website: 'http://www.formation-exemple.fr' },
    });
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.places.map(({ sourceId, name, address, communeInsee, communeName, latitude, longitude }) => ({ sourceId, name, address, communeInsee, communeName, latitude, longitude }))).toEqual([
      { sourceId: 'A-VENISSIEUX', name: 'Plateau logistique Exemple', address: '12 rue de l’Industrie, 69200 Vénissieux', communeInsee: '69259', communeName: 'Vénissieux', latitude: 45.7037, longitude: 4.8867 },
      { sourceId: 'A-BRON', name: 'Centre Exemple', address: '1 avenue Exemple, 69500 Bron', communeInsee: '69029', communeName: 'Bron', latitude: null, longitude: null },
    ]);
    expect(row.sessions.map((s) => ({ sourceId: s.sourceId, place: s.place?.communeName ?? null, start: s.start, end: s.end, recruitment: s.recruitment }))).toEqual([
      { sourceId: 'S1', place: 'Vénissieux', start: new Date('2027-01-04T00:00:00Z'), end: new Date('2027-03-26T00:00:00Z'), recruitment: 'OPEN' },
      { sourceId: 'S2', place: 'Bron', start: new Date('2026-09-07T00:00:00Z'), end: new Date('2026-11-20T00:00:00Z'), recruitment: 'CLOSED' },
      { sourceId: 'S3', place: null, start: null, end: null, recruitment: 'OPEN' },
    ]);
  });

  it('takes an informal offer without provider, places or sessions, with every default', async () => {
    await store.upsert([
      { source: 'informal', sourceId: 'fablab-1', title: '  Atelier FabLab ouvert  ', kind: 'fablab', places: [], sessions: [] },
    ]);
    expect(await read('informal', 'fablab-1')).toMatchObject({
      title: 'Atelier FabLab ouvert',
      description: null,
      kind: 'FABLAB',
      formal: false,
      provider: null,
      romeCodes: [],
      audiences: [],
      modality: null,
      free: false,
      costEuros: null,
      places: [],
      sessions: [],
    });
  });

  it('counts the same input again (codes in another order) as unchanged and writes nothing', async () => {
    const offers = [offer('same', 'F1', { romeCodes: ['N1103', 'N1101'] }), offer('same', 'F2', { title: 'Initiation au numérique', kind: 'training_course' })];
    await store.upsert(offers);
    const before = await snapshot('same');

    const report = await store.upsert(offers.map((o) => ({ ...o, romeCodes: [...(o.romeCodes ?? [])].reverse() })));
    expect(report).toEqual({ created: 0, updated: 0, unchanged: 2, skipped: [] });
    expect(await snapshot('same')).toEqual(before);
  });

  it('updates a changed title and keeps the offer’s id', async () => {
    await store.upsert([offer('title', 'F1'), offer('title', 'F2')]);
    const before = await read('title', 'F1');
    await new Promise((resolve) => setTimeout(resolve, 5)); // so that a rewrite shows in updatedAt

    const report = await store.upsert([offer('title', 'F1', { title: 'Cariste d’entrepôt (CACES R489)' }), offer('title', 'F2')]);
    expect(report).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: [] });
    const after = await read('title', 'F1');
    expect(after.id).toBe(before.id);
    expect(after.title).toBe('Cariste d’entrepôt (CACES R489)');
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(after.contentHash).not.toBe(before.contentHash);
  });

  it('replaces places and sessions when a session is removed', async () => {
    await store.upsert([offer('sessions', 'F1')]);
    const before = await read('sessions', 'F1');

    const changed = offer('sessions', 'F1');
    changed.sessions = changed.sessions.filter((s) => s.sourceId !== 'S2');
    expect(await store.upsert([changed])).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: [] });

    const after = await read('sessions', 'F1');
    expect(after.sessions.map((s) => [s.sourceId, s.place?.communeName ?? null])).toEqual([
      ['S1', 'Vénissieux'],
      ['S3', null],
    ]);
    expect(after.places.map((p) => p.sourceId)).toEqual(['A-VENISSIEUX', 'A-BRON']);
    const oldIds = new Set([...before.places, ...before.sessions].map((r) => r.id));
    expect([...after.places, ...after.sessions].some((r) => oldIds.has(r.id))).toBe(false);
    expect(await database.prisma.offerSession.count({ where: { offerId: before.id } })).toBe(2);
    expect(await database.prisma.offerPlace.count({ where: { offerId: before.id } })).toBe(2);
  });

  it('shares a provider between offers with the same SIRET and keeps its latest name', async () => {
    const siret = '55566677700018';
    await store.upsert([
      offer('siret', 'F1', { provider: { name: 'Exemple Sécurité', siret, contact: '04 00 00 00 02' } }),
      offer('siret', 'F2', { provider: { name: 'Exemple Sécurité Formation', siret: '555 666 777 00018' } }),
    ]);
    const [first, second] = [await read('siret', 'F1'), await read('siret', 'F2')];
    expect(second.providerId).toBe(first.providerId);
    expect(await database.prisma.provider.findMany({ where: { siret } })).toEqual([
      expect.objectContaining({ name: 'Exemple Sécurité Formation', siret, contact: '04 00 00 00 02', website: null }),
    ]);
  });

  it('shares a provider by exact name when there is no SIRET, and tells different names apart', async () => {
    await store.upsert([
      offer('name', 'F1', { provider: { name: 'Association Numérique & Citoyenneté', contact: 'bonjour@numerique.example' } }),
      offer('name', 'F2', { provider: { name: 'Association Numérique & Citoyenneté', siret: null } }),
      offer('name', 'F3', { provider: { name: 'Association Numérique et Citoyenneté' } }),
    ]);
    const [f1, f2, f3] = [await read('name', 'F1'), await read('name', 'F2'), await read('name', 'F3')];
    expect(f2.providerId).toBe(f1.providerId);
    expect(f3.providerId).not.toBe(f1.providerId);
    expect(f1.provider).toMatchObject({ name: 'Association Numérique & Citoyenneté', siret: null, contact: 'bonjour@numerique.example' });

    await store.upsert([offer('name', 'F4', { provider: { name: 'Association Numérique & Citoyenneté' } })]);
    expect((await read('name', 'F4')).providerId).toBe(f1.providerId);
    expect(await database.prisma.provider.count({ where: { name: 'Association Numérique & Citoyenneté' } })).toBe(1);
  });

  it('writes nothing when an offer in the middle of the batch is invalid', async () => {
    await store.upsert([offer('invalid', 'F1')]);
    const before = await snapshot('invalid');
    const providers = await database.prisma.provider.count();

    const batch = [
      offer('invalid', 'F1', { title: 'Titre modifié' }),
      offer('invalid', 'F2', { provider: { name: 'Organisme créé puis annulé', siret: '11122233300014' } }),
      offer('invalid', 'F3', { kind: 'stage' as never }),
      offer('invalid', 'F4'),
    ];
    await expect(store.upsert(batch)).rejects.toThrow(new ImportError('offre invalid/F3 : type « stage » inconnu (attendu : diploma, certification, cqp, training_course, workshop, fablab, mobile_fablab, mediatheque, mjc, digital_space, crij_workshop)'));
    expect(await snapshot('invalid')).toEqual(before);
    expect(await database.prisma.provider.count()).toBe(providers);
  });

  it('writes nothing when the offers stream fails after some were written', async () => {
    await store.upsert([offer('stream', 'F1')]);
    const before = await snapshot('stream');

    const batch = [offer('stream', 'F1', { title: 'Titre modifié' }), offer('stream', 'F2'), offer('stream', 'F3')];
    await expect(store.upsert(slowly(batch, 2))).rejects.toThrow('XML mal formé : balise <formation> non fermée (ligne 120, colonne 4)');
    expect(await snapshot('stream')).toEqual(before);
  });

  it('refuses a session pointing at a place that does not exist, and an impossible date', async () => {
    await expect(store.upsert([offer('refused', 'F1', { sessions: [{ placeIndex: 2 }] })])).rejects.toThrow('offre refused/F1 : session 1 : lieu n° 2 inexistant (2 lieu(x))');
    await expect(store.upsert([offer('refused', 'F1', { sessions: [{ start: '2027-02-30' }] })])).rejects.toThrow('offre refused/F1 : session 1 : date « 2027-02-30 » invalide (attendu AAAA-MM-JJ)');
    await expect(store.upsert([offer('refused', 'F1', { provider: { name: 'X', siret: '1234' } })])).rejects.toThrow('offre refused/F1 : SIRET « 1234 » invalide (14 chiffres attendus)');
    expect(await snapshot('refused')).toEqual([]);
  });

  it('counts the offers', async () => {
    const before = await store.count();
    await store.upsert(slowly([offer('count', 'F1'), offer('count', 'F2'), offer('count', 'F3')]));
    expect(await store.count()).toBe(before + 3);
    await store.upsert([offer('count', 'F1', { title: 'Autre titre' })]);
    expect(await store.count()).toBe(before + 3);
  });
});
