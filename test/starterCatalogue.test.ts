// The starter catalogue a fresh install orients people with: enough demonstration offers, formal and
// informal, each placed in the Métropole with real ROME fiches and sessions still to come; loading it
// twice changes nothing, on every backend.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../services/database';
import { CatalogueStore } from '../services/offers/catalogue';
import { loadStarterCatalogue, starterOffers } from '../services/offers/starterCatalogue';
import { FORMAL_KINDS, INFORMAL_KINDS, type OfferInput } from '../services/offers/types';
import { normalize } from '../services/understanding/normalize';
import { PlaceIndex } from '../services/understanding/places';
import { backendTable, type TestDatabase } from './support/databases';

const TODAY = '2026-11-25';
const offers = starterOffers(TODAY);
const isFormal = (o: OfferInput) => (FORMAL_KINDS as readonly string[]).includes(o.kind);
const isInformal = (o: OfferInput) => (INFORMAL_KINDS as readonly string[]).includes(o.kind);

/** ROME fiches: the rows of rome.csv with a letter and two pairs of digits ("N;11;01;…"). */
function romeFiches(): Set<string> {
  const csv = readFileSync(path.join(__dirname, '..', 'services', 'understanding', 'data', 'rome.csv'), 'utf8');
  return new Set([...csv.matchAll(/^([A-N]);(\d{2});(\d{2});/gm)].map((m) => m[1] + m[2] + m[3]));
}

describe('starter catalogue', () => {
  it('has at least 40 offers, formal and informal, of at least 8 kinds', () => {
    expect(offers.length).toBeGreaterThanOrEqual(40);
    expect(offers.filter(isFormal).length).toBeGreaterThanOrEqual(15);
    expect(offers.filter(isInformal).length).toBeGreaterThanOrEqual(15);
    expect(new Set(offers.map((o) => o.kind)).size).toBeGreaterThanOrEqual(8);
  });

  it('marks every offer as demonstration data, with an identifier of its own, a description and how to sign up', () => {
    for (const offer of offers) {
      expect(offer).toMatchObject({ source: 'demo', demo: true });
      expect(offer.sourceId).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(offer.description?.length).toBeGreaterThan(40);
      expect(offer.signUp).toBeTruthy();
      expect(offer.provider?.name).toBeTruthy();
      expect(offer.audiences?.length).toBeGreaterThan(0);
    }
    expect(new Set(offers.map((o) => o.sourceId)).size).toBe(offers.length);
  });

  it('places every offer in the Métropole with coordinates, unless it is given only at a distance', () => {
    const codes = new Set(PlaceIndex.load().metropole().map((c) => c.insee));
    for (const offer of offers) {
      if (offer.modality !== 'distance') expect([offer.sourceId, offer.places.length]).not.toEqual([offer.sourceId, 0]);
      for (const place of offer.places) {
        const where = `${offer.sourceId} / ${place.name}`;
        expect([where, codes.has(place.communeInsee!)]).toEqual([where, true]);
        expect([where, place.communeInsee]).not.toEqual([where, '69123']); // an arrondissement inside Lyon
        expect([where, place.latitude! > 45.55 && place.latitude! < 45.95]).toEqual([where, true]);
        expect([where, place.longitude! > 4.65 && place.longitude! < 5.1]).toEqual([where, true]);
        expect(place.name && place.communeName).toBeTruthy();
      }
    }
  });

  it('spreads its places over Lyon and at least ten other communes, so that distance matters', () => {
    const communes = new Set(offers.flatMap((o) => o.places.map((p) => (p.communeInsee!.startsWith('6938') ? 'Lyon' : p.communeInsee))));
    expect(communes.size).toBeGreaterThanOrEqual(11);
  });

  it('uses only ROME fiches that exist, and covers frequent needs', () => {
    const fiches = romeFiches();
    const used = offers.flatMap((o) => o.romeCodes ?? []);
    expect(used.filter((code) => !fiches.has(code))).toEqual([]);
    for (const frequent of ['N1101', 'H2913', 'J1501', 'K1302', 'G1602', 'M1805', 'F1602', 'I1604', 'D1106']) expect(used).toContain(frequent);
  });

  it.each(['2026-11-25', '2027-08-30'])('schedules every session on or after %s, at one of the offer’s places', (today) => {
    for (const offer of starterOffers(today)) {
      for (const session of offer.sessions) {
        expect([offer.sourceId, session.start! >= today]).toEqual([offer.sourceId, true]);
        expect([offer.sourceId, session.end! >= session.start!]).toEqual([offer.sourceId, true]);
        expect(session.placeIndex === null || session.placeIndex === undefined || session.placeIndex < offer.places.length).toBe(true);
      }
    }
  });

  it('mixes open and closed sessions, distance and mixed modalities, CPF and free offers', () => {
    const formal = offers.filter(isFormal);
    const recruitments = formal.flatMap((o) => o.sessions.map((s) => s.recruitment));
    expect(recruitments).toContain('open');
    expect(recruitments).toContain('closed');
    expect(formal.map((o) => o.modality)).toEqual(expect.arrayContaining(['presentiel', 'distance', 'mixte']));
    expect(formal.some((o) => o.cpf)).toBe(true);
    expect(formal.some((o) => o.free && o.audiences?.includes('job_seekers'))).toBe(true);
    expect(offers.filter(isInformal).every((o) => o.free || (o.costEuros ?? 0) <= 150)).toBe(true);
  });

  it.each([
    ['email', /\b(e ?)?mails?\b/],
    ['online accounts and forms', /\bdemarches en ligne\b/],
    ['passwords and safety', /\bmots? de passe\b/],
    ['video calls', /\bvisio\b/],
    ['reliable information', /\binformations? fiables?\b/],
  ])('offers informal help with the digital basics: %s', (_topic, words) => {
    const covering = offers.filter(isInformal).filter((o) => words.test(normalize(`${o.title} ${o.description}`)));
    expect(covering.length).toBeGreaterThanOrEqual(1);
  });
});

describe.each(backendTable)('loading the starter catalogue on %s', (_name, backend) => {
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

  it('fills an empty catalogue, leaves a filled one alone when asked only if empty, and changes nothing when loaded again', async () => {
    expect(await loadStarterCatalogue(store, TODAY, { onlyIfEmpty: true })).toEqual({ created: offers.length, updated: 0, unchanged: 0, skipped: [] });
    expect(await store.count()).toBe(offers.length);
    expect(await database.prisma.offer.count({ where: { demo: true, source: 'demo' } })).toBe(offers.length);

    expect(await loadStarterCatalogue(store, TODAY, { onlyIfEmpty: true })).toBeNull();
    expect(await loadStarterCatalogue(store, TODAY)).toEqual({ created: 0, updated: 0, unchanged: offers.length, skipped: [] });
    expect(await store.count()).toBe(offers.length);
  });

  it('moves the sessions after a later today without adding offers', async () => {
    const report = await loadStarterCatalogue(store, '2027-08-30');
    expect(report.created).toBe(0);
    expect(report.updated).toBeGreaterThan(0);
    expect(await store.count()).toBe(offers.length);
    const past = await database.prisma.offerSession.count({ where: { start: { lt: new Date('2027-08-30T00:00:00Z') } } });
    expect(past).toBe(0);
  });

  it('at start-up, refreshes the demonstration while it is alone, and leaves it once real offers are imported', async () => {
    const refreshed = await loadStarterCatalogue(store, '2027-09-30', { unlessRealOffers: true });
    expect(refreshed?.updated).toBeGreaterThan(0);
    await store.upsert([{ source: 'lheo', sourceId: 'f-1', title: 'CAP Cuisine', kind: 'diploma', places: [], sessions: [] }]);
    expect(await loadStarterCatalogue(store, '2027-10-30', { unlessRealOffers: true })).toBeNull();
    expect(await store.count({ demo: false })).toBe(1);
  });
});
