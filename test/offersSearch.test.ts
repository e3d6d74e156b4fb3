// The catalogue search, on every backend: which offers each filter keeps, how far the nearest place
// is, which session comes next, and the order the orientation dialog relies on.
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../services/database';
import { CatalogueSearch, SearchFilterError } from '../services/offers/search';
import type { SearchFilters } from '../services/offers/types';
import { parisToday } from '../services/understanding/deadline';
import type { Prisma as Db } from '../prisma/generated/client';
import { backendTable, type TestDatabase } from './support/databases';

const NOW = new Date();
const TODAY = parisToday(NOW);

/** Today plus n days, as YYYY-MM-DD. */
function day(n: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Real places of the Métropole (town halls, as in services/offers/geo.ts, unless said otherwise).
const PLACES = {
  vaulx: { name: 'Hôtel de ville de Vaulx-en-Velin', communeInsee: '69256', communeName: 'Vaulx-en-Velin', latitude: 45.7778, longitude: 4.9203 },
  villeurbanne: { name: 'Hôtel de ville de Villeurbanne', communeInsee: '69266', communeName: 'Villeurbanne', latitude: 45.7664, longitude: 4.8797 },
  givors: { name: 'Hôtel de ville de Givors', communeInsee: '69091', communeName: 'Givors', latitude: 45.5906, longitude: 4.7689 },
  lyon7: { name: 'Mairie du 7e', communeInsee: '69387', communeName: 'Lyon 7e Arrondissement', latitude: 45.7456, longitude: 4.8425 },
  // Known only by its commune: taken at Bron's town hall.
  bronNoCoordinates: { name: 'Médiathèque Jean-Prévost', communeInsee: '69029', communeName: 'Bron', latitude: null, longitude: null },
};
type PlaceData = (typeof PLACES)[keyof typeof PLACES];

interface OfferData {
  description?: string;
  kind?: Db.OfferCreateInput['kind'];
  formal?: boolean;
  romeCodes?: string[];
  audiences?: Db.OfferCreateInput['audiences'];
  modality?: Db.OfferCreateInput['modality'];
  free?: boolean;
  places?: PlaceData[];
  sessions?: { start: number | null; recruitment?: 'OPEN' | 'CLOSED' | 'SUSPENDED'; days?: number }[];
}

describe.each(backendTable)('catalogue search on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let catalogue: CatalogueSearch;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    catalogue = new CatalogueSearch(database.prisma, { now: () => NOW });
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });
  beforeEach(async () => {
    await database.prisma.offer.deleteMany();
    await database.prisma.provider.deleteMany();
  });

  async function offer(title: string, data: OfferData = {}): Promise<string> {
    const { places = [PLACES.lyon7], sessions = [], kind = 'TRAINING_COURSE', ...rest } = data;
    const created = await database.prisma.offer.create({
      data: {
        source: 'test',
        sourceId: randomUUID(),
        title,
        kind,
        formal: ['DIPLOMA', 'CERTIFICATION', 'CQP', 'TRAINING_COURSE'].includes(kind),
        audiences: ['EVERYONE'],
        modality: 'PRESENTIEL',
        ...rest,
        places: { create: places },
        sessions: {
          create: sessions.map((s) => ({
            start: s.start === null ? null : new Date(`${day(s.start)}T00:00:00Z`),
            end: s.start === null ? null : new Date(`${day(s.start + (s.days ?? 30))}T00:00:00Z`),
            recruitment: s.recruitment ?? 'OPEN',
          })),
        },
      },
    });
    return created.id;
  }

  const titles = async (filters: SearchFilters) => (await catalogue.search(filters)).offers.map((o) => o.title);

  it('gives back each offer with its provider, place, next session and lower-case names', async () => {
    const provider = await database.prisma.provider.create({ data: { name: 'AFPA Vénissieux', contact: '04 72 00 00 00', website: 'https://www.afpa.fr' } });
    await offer('Cariste d’entrepôt (CACES R489)', {
      description: 'Conduite de chariots élévateurs, catégories 1, 3 et 5.',
      romeCodes: ['N1101'],
      audiences: ['JOB_SEEKERS', 'EMPLOYEES'],
      places: [PLACES.vaulx],
      sessions: [{ start: 12, days: 20 }],
    });
    await database.prisma.offer.updateMany({ data: { providerId: provider.id, cpf: true, costEuros: 1450, signUp: 'https://www.afpa.fr/inscription', url: 'https://www.afpa.fr/cariste' } });

    const { total, offers } = await catalogue.search({ q: 'cariste', rome: ['N'], commune: '69256', radiusKm: 5 });
    expect(total).toBe(1);
    expect(offers[0]).toEqual({
      id: expect.any(String),
      title: 'Cariste d’entrepôt (CACES R489)',
      description: 'Conduite de chariots élévateurs, catégories 1, 3 et 5.',
      kind: 'training_course',
      formal: true,
      provider: { name: 'AFPA Vénissieux', contact: '04 72 00 00 00', website: 'https://www.afpa.fr' },
      romeCodes: ['N1101'],
      audiences: ['job_seekers', 'employees'],
      modality: 'presentiel',
      free: false,
      cpf: true,
      fundingPossible: false,
      costEuros: 1450,
      accessibility: null,
      signUp: 'https://www.afpa.fr/inscription',
      url: 'https://www.afpa.fr/cariste',
      demo: false,
      place: { name: 'Hôtel de ville de Vaulx-en-Velin', address: null, communeInsee: '69256', communeName: 'Vaulx-en-Velin', distanceKm: 0 },
      nextSession: { start: day(12), end: day(32), recruitment: 'open' },
      matched: { rome: ['N1101'], text: true },
    });
  });

  describe('text', () => {
    beforeEach(async () => {
      await offer('Électricité du bâtiment', { description: 'Habilitation électrique B1V et BR.' });
      await offer('Atelier soudure', { description: 'Découvrir la soudure à l’arc au FabLab.' });
      await offer('Main-d’œuvre qualifiée en maçonnerie');
      await offer('Comptabilité', { description: 'Partir d’une balance et tenir les comptes.' });
    });

    it('finds words with or without accents, in any case', async () => {
      expect(await titles({ q: 'electricite' })).toEqual(['Électricité du bâtiment']);
      expect(await titles({ q: 'ÉLECTRICITÉ' })).toEqual(['Électricité du bâtiment']);
      expect(await titles({ q: 'Electricité batiment' })).toEqual(['Électricité du bâtiment']);
      expect(await titles({ q: 'main d oeuvre' })).toEqual(['Main-d’œuvre qualifiée en maçonnerie']);
      expect(await titles({ q: 'maconnerie' })).toEqual(['Main-d’œuvre qualifiée en maçonnerie']);
    });

    it('looks in descriptions too, and needs every word', async () => {
      expect(await titles({ q: 'habilitation' })).toEqual(['Électricité du bâtiment']);
      expect(await titles({ q: 'soudure arc' })).toEqual(['Atelier soudure']);
      expect(await titles({ q: 'soudure comptes' })).toEqual([]);
    });

    it('matches the start of words only, and ignores small words like "de" or "la"', async () => {
      expect(await titles({ q: 'elec' })).toEqual(['Électricité du bâtiment']);
      expect(await titles({ q: 'tricite' })).toEqual([]);
      expect(await titles({ q: 'art' })).toEqual([]);
      expect(await titles({ q: 'la comptabilité de la' })).toEqual(['Comptabilité']);
    });

    it('says the text matched', async () => {
      const [found] = (await catalogue.search({ q: 'soudure' })).offers;
      expect(found.matched).toEqual({ rome: [], text: true });
      const [any] = (await catalogue.search({ limit: 1 })).offers;
      expect(any.matched).toEqual({ rome: [], text: false });
    });
  });

  it('finds a ROME fiche code, or any fiche of a domain letter, and says which of the offer’s codes matched', async () => {
    await offer('Cariste', { romeCodes: ['N1101'] });
    await offer('Magasinier et cariste', { romeCodes: ['N1103', 'N1101'] });
    await offer('Conducteur de bus', { romeCodes: ['N4102'] });
    await offer('Comptable et logisticien', { romeCodes: ['M1203', 'N1301'] });
    await offer('Atelier sans code');

    expect((await titles({ rome: ['N1101'] })).sort()).toEqual(['Cariste', 'Magasinier et cariste']);
    expect((await titles({ rome: ['N'] })).sort()).toEqual(['Cariste', 'Comptable et logisticien', 'Conducteur de bus', 'Magasinier et cariste']);
    expect(await titles({ rome: ['m1203'] })).toEqual(['Comptable et logisticien']);
    expect(await titles({ rome: ['K'] })).toEqual([]);
    const { offers } = await catalogue.search({ rome: ['M', 'N4102'] });
    expect(offers.map((o) => [o.title, o.matched.rome])).toEqual([
      ['Conducteur de bus', ['N4102']],
      ['Comptable et logisticien', ['M1203']],
    ]);
  });

  describe('distance', () => {
    it('finds an offer in Vaulx-en-Velin from Vaulx-en-Velin within 5 km, not from Givors within 10 km, but within 30 km', async () => {
      await offer('Cariste à Vaulx', { places: [PLACES.vaulx] });
      expect(await titles({ commune: '69256', radiusKm: 5 })).toEqual(['Cariste à Vaulx']);
      expect(await titles({ commune: '69091', radiusKm: 10 })).toEqual([]);
      const { offers } = await catalogue.search({ commune: '69091', radiusKm: 30 });
      expect(offers.map((o) => [o.title, o.place?.distanceKm])).toEqual([['Cariste à Vaulx', 23.9]]);
    });

    it('gives the place of an offer nearest to the commune, with its distance rounded to 0.1 km', async () => {
      await offer('Soudure en deux lieux', { places: [PLACES.givors, PLACES.villeurbanne] });
      const [fromVaulx] = (await catalogue.search({ commune: '69256', radiusKm: 15 })).offers;
      expect(fromVaulx.place).toMatchObject({ communeName: 'Villeurbanne', distanceKm: 3.4 });
      const [fromGivors] = (await catalogue.search({ commune: '69091', radiusKm: 15 })).offers;
      expect(fromGivors.place).toMatchObject({ communeName: 'Givors', distanceKm: 0 });
      expect((await catalogue.search({ commune: '69256', radiusKm: 3 })).total).toBe(0);
    });

    it('places an address without coordinates at its commune’s town hall', async () => {
      await offer('Médiathèque de Bron', { kind: 'MEDIATHEQUE', places: [PLACES.bronNoCoordinates] });
      const { offers } = await catalogue.search({ commune: '69029', radiusKm: 1 });
      expect(offers.map((o) => [o.title, o.place?.name, o.place?.distanceKm])).toEqual([['Médiathèque de Bron', 'Médiathèque Jean-Prévost', 0]]);
      expect((await catalogue.search({ commune: '69091', radiusKm: 10 })).total).toBe(0);
    });

    it('finds offers given only at a distance from anywhere, with no distance, after the places nearby', async () => {
      await offer('Anglais en ligne', { modality: 'DISTANCE', places: [] });
      await offer('Anglais à Givors', { places: [PLACES.givors] });
      await offer('Anglais à Vaulx', { places: [PLACES.vaulx] });
      const { offers } = await catalogue.search({ commune: '69091', radiusKm: 5 });
      expect(offers.map((o) => [o.title, o.place?.distanceKm ?? null])).toEqual([
        ['Anglais à Givors', 0],
        ['Anglais en ligne', null],
      ]);
    });

    it('orders by distance without filtering when no radius is given', async () => {
      await offer('Loin', { places: [PLACES.givors] });
      await offer('Près', { places: [PLACES.villeurbanne] });
      await offer('Tout près', { places: [PLACES.vaulx] });
      expect(await titles({ commune: '69256' })).toEqual(['Tout près', 'Près', 'Loin']);
    });

    it('refuses an unknown commune and a radius without a commune, instead of finding nothing', async () => {
      await offer('Cariste', { places: [PLACES.vaulx] });
      await expect(catalogue.search({ commune: '38185', radiusKm: 10 })).rejects.toMatchObject({ filter: 'commune', message: expect.stringMatching(/commune inconnue : 38185/) });
      await expect(catalogue.search({ commune: '69999' })).rejects.toBeInstanceOf(SearchFilterError);
      await expect(catalogue.search({ radiusKm: 10 })).rejects.toMatchObject({ filter: 'radiusKm' });
      await expect(catalogue.search({ commune: '69256', radiusKm: 0 })).rejects.toMatchObject({ filter: 'radiusKm' });
    });
  });

  it('keeps offers for the audience asked for, for everyone, or for no audience in particular', async () => {
    await offer('Pour les demandeurs d’emploi', { audiences: ['JOB_SEEKERS'] });
    await offer('Pour les salariés', { audiences: ['EMPLOYEES'] });
    await offer('Pour tous', { audiences: ['EVERYONE'] });
    await offer('Public non précisé', { audiences: [] });
    await offer('Jeunes et demandeurs', { audiences: ['YOUTH_16_25', 'JOB_SEEKERS'] });
    expect((await titles({ audience: 'job_seekers' })).sort()).toEqual(['Jeunes et demandeurs', 'Pour les demandeurs d’emploi', 'Pour tous', 'Public non précisé']);
    expect((await titles({ audience: 'employees' })).sort()).toEqual(['Pour les salariés', 'Pour tous', 'Public non précisé']);
  });

  it('filters by kind, formal or informal, modality and free', async () => {
    await offer('BTS Comptabilité', { kind: 'DIPLOMA' });
    await offer('Atelier CV', { kind: 'CRIJ_WORKSHOP', free: true });
    await offer('FabLab de Vaulx', { kind: 'FABLAB', free: true, places: [PLACES.vaulx] });
    await offer('Espace numérique', { kind: 'DIGITAL_SPACE', modality: 'MIXTE' });

    expect((await titles({ kinds: ['fablab', 'crij_workshop'] })).sort()).toEqual(['Atelier CV', 'FabLab de Vaulx']);
    expect(await titles({ formal: true })).toEqual(['BTS Comptabilité']);
    expect((await titles({ formal: false })).sort()).toEqual(['Atelier CV', 'Espace numérique', 'FabLab de Vaulx']);
    expect(await titles({ modality: 'mixte' })).toEqual(['Espace numérique']);
    expect((await titles({ free: true })).sort()).toEqual(['Atelier CV', 'FabLab de Vaulx']);
    expect((await titles({ free: false })).sort()).toEqual(['BTS Comptabilité', 'Espace numérique']);
    expect(await titles({ free: true, kinds: ['fablab'], formal: false })).toEqual(['FabLab de Vaulx']);
  });

  it('keeps, for startsBefore, offers with an open session starting from today to that date, and offers without sessions', async () => {
    await offer('Ouverte dans 10 jours', { sessions: [{ start: 10 }] });
    await offer('Ouverte aujourd’hui', { sessions: [{ start: 0 }] });
    await offer('Ouverte le jour même de la date', { sessions: [{ start: 30 }] });
    await offer('Ouverte trop tard', { sessions: [{ start: 31 }] });
    await offer('Fermée dans 10 jours', { sessions: [{ start: 10, recruitment: 'CLOSED' }] });
    await offer('Suspendue dans 5 jours', { sessions: [{ start: 5, recruitment: 'SUSPENDED' }] });
    await offer('Passée', { sessions: [{ start: -10 }] });
    await offer('Sans session', { kind: 'FABLAB', sessions: [] });

    expect((await titles({ startsBefore: day(30) })).sort()).toEqual(['Ouverte aujourd’hui', 'Ouverte dans 10 jours', 'Ouverte le jour même de la date', 'Sans session']);
    expect((await titles({ startsBefore: day(-1) })).sort()).toEqual(['Sans session']);
    await expect(catalogue.search({ startsBefore: '2027-02-30' })).rejects.toMatchObject({ filter: 'startsBefore' });
  });

  it('gives as next session the earliest one to come that is open, never a past one', async () => {
    await offer('Plusieurs sessions', {
      sessions: [{ start: -5 }, { start: 1, recruitment: 'SUSPENDED' }, { start: 3, recruitment: 'CLOSED' }, { start: 20 }, { start: 10, days: 5 }],
    });
    await offer('Seulement fermée', { sessions: [{ start: -40 }, { start: 3, recruitment: 'CLOSED' }] });
    await offer('Seulement passée', { sessions: [{ start: -40 }] });
    await offer('Entrée permanente', { sessions: [{ start: null }] });
    const { offers } = await catalogue.search({});
    const next = Object.fromEntries(offers.map((o) => [o.title, o.nextSession]));
    expect(next).toEqual({
      'Plusieurs sessions': { start: day(10), end: day(15), recruitment: 'open' },
      'Seulement fermée': { start: day(3), end: day(33), recruitment: 'closed' },
      'Seulement passée': null,
      'Entrée permanente': { start: null, end: null, recruitment: 'open' },
    });
  });

  it('orders ROME fiche matches first, then domain matches, each by distance, then by next session, then by title', async () => {
    await offer('Domaine, tout près', { romeCodes: ['N1103'], places: [PLACES.vaulx] });
    await offer('Fiche, loin', { romeCodes: ['N1101'], places: [PLACES.givors] });
    await offer('Fiche, près, session tardive', { romeCodes: ['N1101'], places: [PLACES.villeurbanne], sessions: [{ start: 40 }] });
    await offer('Fiche, près, session proche', { romeCodes: ['N1101'], places: [PLACES.villeurbanne], sessions: [{ start: 8 }] });
    await offer('B fiche, près, sans session', { romeCodes: ['N1101'], places: [PLACES.villeurbanne] });
    await offer('A fiche, près, sans session', { romeCodes: ['N1101'], places: [PLACES.villeurbanne] });

    expect(await titles({ rome: ['N1101', 'N'], commune: '69256', radiusKm: 30 })).toEqual([
      'Fiche, près, session proche',
      'Fiche, près, session tardive',
      'A fiche, près, sans session',
      'B fiche, près, sans session',
      'Fiche, loin',
      'Domaine, tout près',
    ]);
  });

  it('pages with limit and offset, and counts every match in total', async () => {
    for (const letter of ['E', 'C', 'A', 'D', 'B']) await offer(`Atelier ${letter}`, { kind: 'WORKSHOP' });
    await offer('Autre chose', { kind: 'DIPLOMA' });
    const page = await catalogue.search({ kinds: ['workshop'], limit: 2, offset: 2 });
    expect(page.total).toBe(5);
    expect(page.offers.map((o) => o.title)).toEqual(['Atelier C', 'Atelier D']);
    expect((await catalogue.search({ kinds: ['workshop'], limit: 2, offset: 4 })).offers.map((o) => o.title)).toEqual(['Atelier E']);
    expect(await catalogue.search({ kinds: ['workshop'], offset: 10 })).toEqual({ total: 5, offers: [] });
    expect((await catalogue.search({})).offers).toHaveLength(6);
  });
});
