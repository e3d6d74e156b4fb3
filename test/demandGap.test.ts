// The gap with the offer, on every backend: a need is covered by an offer of its fiche, near enough,
// with a session open for recruitment that starts in time; coverage counts people; the needs no offer
// serves are listed, most pressing first.
import { openDatabase, type Database } from '../services/database';
import { OfferGapService } from '../services/demand/gap';
import type { GapQuery } from '../services/demand/types';
import { NeedsStore, type CompleteNeed } from '../services/needs';
import { CatalogueStore } from '../services/offers/catalogue';
import type { OfferInput, PlaceInput, SessionInput } from '../services/offers/types';
import { backendTable, type TestDatabase } from './support/databases';

// Today is 2026-11-25 in Paris.
const NOW = new Date('2026-11-25T10:00:00+01:00');

const PLACES = {
  // About 6 km from Vénissieux's town hall.
  lyon7: { name: 'Mairie du 7e', communeInsee: '69387', communeName: 'Lyon 7e Arrondissement', latitude: 45.7456, longitude: 4.8425 },
  // Known only by its commune: taken at Villeurbanne's town hall, about 8 km from Vénissieux.
  villeurbanneNoCoordinates: { name: 'Centre sans coordonnées', communeInsee: '69266', communeName: 'Villeurbanne' },
  // About 33 km north of Vénissieux, outside the Métropole.
  villefranche: { name: 'Centre de Villefranche', communeInsee: '69264', communeName: 'Villefranche-sur-Saône', latitude: 45.9875, longitude: 4.7186 },
} satisfies Record<string, PlaceInput>;

const PLACE = {
  venissieux: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
  lyon3: { said: 'Lyon 3e', insee: '69383', name: 'Lyon 3e Arrondissement', inMetropole: true },
  villefranche: { said: 'Villefranche', insee: '69264', name: 'Villefranche-sur-Saône', inMetropole: false },
  // A postcode shared by several communes: the commune is not known.
  unknown: { said: '69290', insee: null, name: '69290', inMetropole: false },
};

const CARISTE = { said: 'caristes', rome: 'N1101', romeLabel: 'Conduite d’engins de déplacement des charges', domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.9 };
const MAGASINIER = { said: 'magasiniers', rome: 'N1103', romeLabel: 'Magasinage et préparation de commandes', domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.9 };
const COMPTABLE = { said: 'comptables', rome: 'M1203', romeLabel: 'Comptabilité', domain: 'M', domainLabel: 'Support à l’entreprise', confidence: 0.9 };
const LOGISTICIEN = { said: 'logisticiens', rome: null, romeLabel: null, domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.5 };

function need(overrides: { occupation?: CompleteNeed['occupation']; headcount?: number; end?: string | null; urgent?: boolean; place?: CompleteNeed['place'] } = {}): CompleteNeed {
  const { occupation = CARISTE, headcount = 4, end = '2027-02-28', urgent = false, place = PLACE.venissieux } = overrides;
  return {
    description: `${headcount} ${occupation.said}`,
    occupation,
    headcount: { said: String(headcount), value: headcount, approximate: false },
    deadline: { said: urgent ? 'au plus vite' : end ? `d’ici le ${end}` : 'un jour', start: null, end: urgent ? null : end, urgent },
    place,
    modality: null,
  };
}

let offerCount = 0;
function offer(overrides: Partial<OfferInput> & { sessions?: SessionInput[] } = {}): OfferInput {
  return {
    source: 'test',
    sourceId: `offre-${++offerCount}`,
    title: 'Titre professionnel Cariste d’entrepôt',
    kind: 'training_course',
    romeCodes: ['N1101'],
    modality: 'presentiel',
    places: [PLACES.lyon7],
    sessions: [{ start: '2027-01-11', end: '2027-02-19', recruitment: 'open', placeIndex: 0 }],
    ...overrides,
  };
}

const labels = (kind: 'rome' | 'domain', key: string) => `${kind} ${key}`;

describe.each(backendTable)('offer gap on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let needs: NeedsStore;
  let catalogue: CatalogueStore;
  let service: OfferGapService;
  let users = 0;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    needs = new NeedsStore(database.prisma);
    catalogue = new CatalogueStore(database.prisma);
    service = new OfferGapService(database.prisma, { radiusKm: 15, labels, now: () => NOW });
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });
  beforeEach(async () => {
    await database.prisma.need.deleteMany();
    await database.prisma.company.deleteMany();
    await database.prisma.offer.deleteMany();
  });

  /** Each call is another company. */
  const record = async (list: CompleteNeed[], company = `Entreprise ${++users}`) =>
    needs.record(list, { channelId: 'test', conversationId: `conv-${users}`, userId: `user-${users}` }, { name: company, contact: 'rh@exemple.fr' });
  const gap = (query: Partial<GapQuery> = {}) => service.gap({ by: 'rome', territory: { kind: 'all' }, ...query });

  it('counts a need as covered by an offer of its fiche nearby with an open session before the deadline', async () => {
    await catalogue.upsert([offer()]);
    await record([need()]);
    const result = await gap();
    expect(result.query).toEqual({ by: 'rome', territory: { kind: 'all' }, before: '2027-11-25', radiusKm: 15 });
    expect(result.rows).toEqual([{ key: 'N1101', label: 'rome N1101', needs: 1, demanded: 4, covered: 4, coverage: 1, offers: 1 }]);
    expect(result.uncovered).toEqual([]);
  });

  it.each<[string, Partial<OfferInput>]>([
    ['its only place is too far', { places: [PLACES.villefranche] }],
    ['its session starts after the deadline', { sessions: [{ start: '2027-03-01', recruitment: 'open', placeIndex: 0 }] }],
    ['recruitment is closed', { sessions: [{ start: '2027-01-11', recruitment: 'closed', placeIndex: 0 }] }],
    ['recruitment is suspended', { sessions: [{ start: '2027-01-11', recruitment: 'suspended', placeIndex: 0 }] }],
    ['its session started before today', { sessions: [{ start: '2026-11-02', recruitment: 'open', placeIndex: 0 }] }],
    ['its session has no date', { sessions: [{ start: null, recruitment: 'open', placeIndex: 0 }] }],
    ['it has no session at all', { sessions: [] }],
    ['it trains for another fiche of the domain', { romeCodes: ['N1103'] }],
    ['its open session is at its far place only', { places: [PLACES.villefranche, PLACES.lyon7], sessions: [{ start: '2027-01-11', recruitment: 'open', placeIndex: 0 }] }],
  ])('does not count a need as covered when the offer %s', async (_why, overrides) => {
    await catalogue.upsert([offer(overrides)]);
    const [stored] = await record([need()]);
    const result = await gap();
    expect(result.rows).toEqual([{ key: 'N1101', label: 'rome N1101', needs: 1, demanded: 4, covered: 0, coverage: 0, offers: 0 }]);
    expect(result.uncovered.map((n) => n.id)).toEqual([stored.id]);
  });

  it('takes a place without coordinates at its commune’s town hall, and a session without a place anywhere the offer is given', async () => {
    await catalogue.upsert([offer({ places: [PLACES.villefranche, PLACES.villeurbanneNoCoordinates], sessions: [{ start: '2027-02-01', recruitment: 'open', placeIndex: null }] })]);
    await record([need()]);
    expect((await gap()).rows[0]).toMatchObject({ covered: 4, offers: 1 });
  });

  it('lets an offer given at a distance serve a need anywhere, even outside the Métropole, where a place cannot', async () => {
    const [outside] = await record([need({ place: PLACE.villefranche })]);
    await catalogue.upsert([offer({ places: [PLACES.villefranche] })]);
    expect((await gap()).uncovered.map((n) => n.id)).toEqual([outside.id]);

    await catalogue.upsert([offer({ modality: 'distance', sessions: [{ start: '2027-01-04', recruitment: 'open', placeIndex: null }] })]);
    expect((await gap()).rows[0]).toMatchObject({ covered: 4, coverage: 1, offers: 1 });
    await database.prisma.offer.deleteMany();
    await catalogue.upsert([offer({ modality: null, places: [], sessions: [{ start: '2027-01-04', recruitment: 'open' }] })]);
    expect((await gap()).rows[0]).toMatchObject({ covered: 4, offers: 1 });
  });

  it('serves urgent needs and needs without an end with a session in the next three months', async () => {
    await record([need({ urgent: true }), need({ end: null, headcount: 2 })]);
    await catalogue.upsert([offer({ sessions: [{ start: '2027-03-01', recruitment: 'open', placeIndex: 0 }] })]);
    expect((await gap()).rows[0]).toMatchObject({ needs: 2, demanded: 6, covered: 0 });
    await catalogue.upsert([offer({ sessions: [{ start: '2027-02-25', recruitment: 'open', placeIndex: 0 }] })]);
    expect((await gap()).rows[0]).toMatchObject({ needs: 2, demanded: 6, covered: 6, offers: 1 });
  });

  it('counts the needs whose deadline ends from today to `before`, urgent ones included, confirmed only', async () => {
    const [early] = await record([need({ end: '2027-03-31', headcount: 1 })]);
    await record([need({ end: '2027-06-30', headcount: 2 })]);
    await record([need({ end: '2028-01-31', headcount: 4 })]); // beyond the default horizon of 12 months
    await record([need({ end: '2026-11-24', headcount: 8 })]); // yesterday
    await record([need({ urgent: true, headcount: 16 })]);
    const [withdrawn] = await record([need({ headcount: 32 })]);
    await needs.update(withdrawn.id, { status: 'withdrawn' });

    expect((await gap()).rows[0]).toMatchObject({ needs: 3, demanded: 19 });
    expect((await gap({ before: '2027-03-31' })).rows[0]).toMatchObject({ needs: 2, demanded: 17 });
    expect((await gap({ before: '2028-12-31' })).rows[0]).toMatchObject({ needs: 4, demanded: 23 });
    expect((await gap({ before: '2027-03-31' })).uncovered.map((n) => n.id)).toContain(early.id);
  });

  it('groups by domain, with needs known only by their domain served by any offer of it', async () => {
    await catalogue.upsert([offer(), offer({ romeCodes: ['N1103', 'N4101'] })]);
    await record([need({ headcount: 4 }), need({ occupation: MAGASINIER, headcount: 2 }), need({ occupation: COMPTABLE, headcount: 3 }), need({ occupation: LOGISTICIEN, headcount: 5 })]);

    expect((await gap({ by: 'domain' })).rows).toEqual([
      { key: 'M', label: 'domain M', needs: 1, demanded: 3, covered: 0, coverage: 0, offers: 0 },
      { key: 'N', label: 'domain N', needs: 3, demanded: 11, covered: 11, coverage: 1, offers: 2 },
    ]);
    expect((await gap({ by: 'rome' })).rows).toEqual([
      { key: 'M1203', label: 'rome M1203', needs: 1, demanded: 3, covered: 0, coverage: 0, offers: 0 },
      { key: '?', label: 'rome ?', needs: 1, demanded: 5, covered: 5, coverage: 1, offers: 2 },
      { key: 'N1101', label: 'rome N1101', needs: 1, demanded: 4, covered: 4, coverage: 1, offers: 1 },
      { key: 'N1103', label: 'rome N1103', needs: 1, demanded: 2, covered: 2, coverage: 1, offers: 1 },
    ]);
  });

  it('filters by territory: the Métropole, outside it, one commune, Lyon with its arrondissements; an unknown commune only in all', async () => {
    await record([need({ headcount: 1 })]);
    await record([need({ headcount: 2, place: PLACE.lyon3 })]);
    await record([need({ headcount: 4, place: PLACE.villefranche })]);
    await record([need({ headcount: 8, place: PLACE.unknown })]);
    const demanded = async (territory: GapQuery['territory']) => (await gap({ territory })).rows.map((r) => r.demanded);
    expect(await demanded({ kind: 'all' })).toEqual([15]);
    expect(await demanded({ kind: 'metropole' })).toEqual([3]);
    expect(await demanded({ kind: 'outside' })).toEqual([4]);
    expect(await demanded({ kind: 'commune', insee: '69259' })).toEqual([1]);
    expect(await demanded({ kind: 'commune', insee: '69123' })).toEqual([2]);
    expect(await demanded({ kind: 'commune', insee: '69383' })).toEqual([2]);
    expect(await demanded({ kind: 'commune', insee: '69029' })).toEqual([]);
  });

  it('measures from the radius asked, and counts partial coverage in people', async () => {
    await catalogue.upsert([offer()]);
    await record([need({ headcount: 3 })]);
    await record([need({ headcount: 1, place: PLACE.villefranche })]);
    expect((await gap()).rows).toEqual([{ key: 'N1101', label: 'rome N1101', needs: 2, demanded: 4, covered: 3, coverage: 0.75, offers: 1 }]);
    expect((await gap({ radiusKm: 5 })).rows[0]).toMatchObject({ covered: 0, coverage: 0, offers: 0 });
    expect((await gap({ radiusKm: 5 })).query.radiusKm).toBe(5);
  });

  it('sorts rows by people not covered and lists uncovered needs by deadline, without contact or person', async () => {
    await catalogue.upsert([offer({ romeCodes: ['N1101', 'M1203'] })]);
    await record([need({ headcount: 10 })]); // covered: 10 of 10
    const [late] = await record([need({ occupation: COMPTABLE, headcount: 3, end: '2027-06-30' })], 'Cabinet Durand'); // covered too
    const [soon] = await record([need({ occupation: MAGASINIER, headcount: 2, end: '2027-01-15' })]);
    const [urgent] = await record([need({ occupation: MAGASINIER, urgent: true, headcount: 1, place: PLACE.villefranche })]);

    const result = await gap();
    expect(result.rows.map((r) => [r.key, r.demanded - r.covered])).toEqual([
      ['N1103', 3],
      ['N1101', 0], // then by people asked
      ['M1203', 0],
    ]);
    expect(result.uncovered.map((n) => n.id)).toEqual([urgent.id, soon.id]);

    await database.prisma.offer.deleteMany();
    const uncovered = (await gap()).uncovered;
    expect(uncovered.map((n) => n.id)).toEqual([urgent.id, soon.id, expect.any(String), late.id]);
    expect(uncovered[3]).toEqual({
      id: late.id,
      occupation: { said: 'comptables', rome: 'M1203', romeLabel: 'Comptabilité', domain: 'M' },
      headcount: 3,
      deadline: { start: null, end: '2027-06-30', urgent: false },
      commune: { insee: '69259', name: 'Vénissieux' },
      company: 'Cabinet Durand',
    });
    expect(JSON.stringify(uncovered)).not.toMatch(/rh@exemple|user-|conv-/);
  });

  it('answers empty rows when there is no need', async () => {
    await catalogue.upsert([offer()]);
    expect(await gap()).toMatchObject({ rows: [], uncovered: [] });
  });
});
