// The demand in figures, on every backend: needs and people per dimension with French labels, Lyon's
// arrondissements counted as Lyon, territory and period filters, the trend zero-filled, a need counted
// the moment it is confirmed; the open data with its statistical secrecy; the CSV spreadsheets open.
import { openDatabase, type Database } from '../services/database';
import { NeedsStore, type CompanyDetails, type CompleteNeed } from '../services/needs';
import { rebuild } from '../services/demand/rollup';
import { DemandLabels, DemandStatsService, GROUP_BYS, StatsQueryError, parseStatsQuery, toCsv } from '../services/demand/stats';
import type { StatsQuery } from '../services/demand/types';
import { backendTable, type TestDatabase } from './support/databases';

const NOW = () => new Date('2026-11-25T10:00:00+01:00'); // a Wednesday; its week starts on Monday 23 November

const CARISTES = { said: 'caristes', rome: 'N1101', romeLabel: 'Conduite d’engins de déplacement des charges', domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.9 };
const SOUDEURS = { said: 'soudeurs', rome: 'H2913', romeLabel: 'Soudage manuel', domain: 'H', domainLabel: 'Industrie', confidence: 0.9 };
const ACHETEURS = { said: 'acheteurs', rome: 'M1101', romeLabel: 'Achats', domain: 'M', domainLabel: 'Support à l’entreprise', confidence: 0.9 };
const CHAUFFEURS = { said: 'chauffeurs', rome: null, romeLabel: null, domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.5 };

const VENISSIEUX = { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true };
const LYON = { said: 'Lyon', insee: '69123', name: 'Lyon', inMetropole: true };
const LYON_3 = { said: 'Lyon 3e', insee: '69383', name: 'Lyon 3e Arrondissement', inMetropole: true };
const GRENOBLE = { said: 'Grenoble', insee: '38185', name: 'Grenoble', inMetropole: false };
const SHARED_POSTCODE = { said: '69250', insee: null, name: '69250', inMetropole: true };
const BRON = { said: 'Bron', insee: '69029', name: 'Bron', inMetropole: true };

function need(occupation: CompleteNeed['occupation'], headcount: number, place: CompleteNeed['place'], deadlineEnd: string | null): CompleteNeed {
  return {
    description: `${headcount} ${occupation.said} à ${place.said}`,
    occupation,
    headcount: { said: String(headcount), value: headcount, approximate: false },
    deadline: deadlineEnd ? { said: 'bientôt', start: null, end: deadlineEnd, urgent: false } : { said: 'au plus vite', start: null, end: null, urgent: true },
    place,
    modality: null,
  };
}

describe.each(backendTable)('demand stats on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let store: NeedsStore;
  let service: DemandStatsService;
  const query = (q: Partial<StatsQuery>): StatsQuery => ({ groupBy: 'rome', territory: { kind: 'all' }, ...q });
  const rows = async (q: Partial<StatsQuery>) => (await service.stats(query(q))).rows.map((r) => [r.key, r.label, r.needs, r.headcount]);

  /** Records as `user` (one company each), as if on `day`; call rebuild() after, as a bulk load would. */
  async function recordOn(day: string, user: string, needs: CompleteNeed[], details: CompanyDetails = {}) {
    const stored = await store.record(needs, { channelId: 'test', conversationId: `conv-${user}`, userId: user }, details);
    await database.prisma.need.updateMany({ where: { id: { in: stored.map((n) => n.id) } }, data: { createdAt: new Date(day) } });
    return stored;
  }

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    store = new NeedsStore(database.prisma);
    service = new DemandStatsService(database.prisma, DemandLabels.load(), { openDataMinCompanies: 3, now: NOW });

    await recordOn('2026-11-24T09:00:00Z', 'alpha', [need(CARISTES, 4, VENISSIEUX, '2027-02-28'), need(CARISTES, 2, LYON_3, '2027-03-31')], { size: '35', sector: 'Logistique' });
    await recordOn('2026-10-05T10:00:00Z', 'beta', [need(CARISTES, 3, LYON, null)], { size: '1 à 9', sector: ' BTP ' });
    await recordOn('2026-03-10T10:00:00Z', 'beta', [need(SOUDEURS, 5, VENISSIEUX, '2027-05-31')]);
    await recordOn('2026-11-24T09:00:00Z', 'gamma', [need(CARISTES, 1, GRENOBLE, '2027-01-15')]);
    await recordOn('2025-11-10T10:00:00Z', 'gamma', [need(CHAUFFEURS, 6, SHARED_POSTCODE, '2027-02-10')]);
    await rebuild(database.prisma);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  describe('stats', () => {
    it('groups by fiche with their labels, most people first, and totals', async () => {
      const stats = await service.stats(query({ groupBy: 'rome' }));
      expect(stats.rows.map((r) => [r.key, r.label, r.needs, r.headcount])).toEqual([
        ['N1101', 'N1101 Conduite d\'engins de déplacement des charges', 4, 10],
        ['?', 'Non précisé', 1, 6],
        ['H2913', 'H2913 Soudage manuel', 1, 5],
      ]);
      expect(stats.total).toEqual({ needs: 6, headcount: 21 });
      expect(stats.query).toEqual(query({ groupBy: 'rome' }));
    });

    it('groups by domain, deadline month and quarter, company size and sector, in French', async () => {
      expect(await rows({ groupBy: 'domain' })).toEqual([
        ['N', 'Transport et Logistique', 5, 16],
        ['H', 'Industrie', 1, 5],
      ]);
      expect(await rows({ groupBy: 'deadlineMonth' })).toEqual([
        ['2027-02', 'février 2027', 2, 10],
        ['2027-05', 'mai 2027', 1, 5],
        ['asap', 'Dès que possible', 1, 3],
        ['2027-03', 'mars 2027', 1, 2],
        ['2027-01', 'janvier 2027', 1, 1],
      ]);
      expect(await rows({ groupBy: 'deadlineQuarter' })).toEqual([
        ['2027-T1', '1er trimestre 2027', 4, 13],
        ['2027-T2', '2e trimestre 2027', 1, 5],
        ['asap', 'Dès que possible', 1, 3],
      ]);
      expect(await rows({ groupBy: 'size' })).toEqual([
        ['1-9', '1 à 9 salariés', 2, 8],
        ['?', 'Non précisé', 2, 7],
        ['10-49', '10 à 49 salariés', 2, 6],
      ]);
      expect(await rows({ groupBy: 'sector' })).toEqual([
        ['btp', 'Btp', 2, 8],
        ['?', 'Non précisé', 2, 7],
        ['logistique', 'Logistique', 2, 6],
      ]);
    });

    it('counts Lyon’s arrondissements as Lyon, and names unknown communes', async () => {
      expect(await rows({ groupBy: 'commune' })).toEqual([
        ['69259', 'Vénissieux', 2, 9],
        ['', 'Commune inconnue', 1, 6],
        ['69123', 'Lyon', 2, 5],
        ['38185', 'Grenoble', 1, 1],
      ]);
    });

    it('filters by territory: the Métropole, outside it, a commune, Lyon with its arrondissements', async () => {
      expect(await rows({ groupBy: 'commune', territory: { kind: 'metropole' } })).toEqual([
        ['69259', 'Vénissieux', 2, 9],
        ['69123', 'Lyon', 2, 5],
      ]);
      // A need whose commune is unknown may be on either side: it counts only in « all ».
      expect(await rows({ groupBy: 'commune', territory: { kind: 'outside' } })).toEqual([['38185', 'Grenoble', 1, 1]]);
      expect(await rows({ territory: { kind: 'commune', insee: '69123' } })).toEqual([['N1101', 'N1101 Conduite d\'engins de déplacement des charges', 2, 5]]);
      expect(await rows({ territory: { kind: 'commune', insee: '69383' } })).toEqual([['N1101', 'N1101 Conduite d\'engins de déplacement des charges', 1, 2]]);
      expect(await rows({ groupBy: 'domain', territory: { kind: 'commune', insee: '69259' } })).toEqual([
        ['H', 'Industrie', 1, 5],
        ['N', 'Transport et Logistique', 1, 4],
      ]);
      expect(await rows({ territory: { kind: 'commune', insee: '69029' } })).toEqual([]);
    });

    it('filters by months of recording, Paris months, bounds included', async () => {
      expect(await rows({ from: '2026-10', to: '2026-11' })).toEqual([['N1101', 'N1101 Conduite d\'engins de déplacement des charges', 4, 10]]);
      expect(await rows({ from: '2026-03', to: '2026-03' })).toEqual([['H2913', 'H2913 Soudage manuel', 1, 5]]);
      expect(await rows({ from: '2026-11' })).toEqual([['N1101', 'N1101 Conduite d\'engins de déplacement des charges', 3, 7]]);
      expect((await service.stats(query({ to: '2026-03' }))).total).toEqual({ needs: 2, headcount: 11 });
      expect((await service.stats(query({ from: '2027-01' }))).total).toEqual({ needs: 0, headcount: 0 });
    });

    it('gives the last 12 weeks and 12 months up to today, oldest first, empty ones as zero, in the same territory', async () => {
      const { trend } = await service.stats(query({ from: '2026-11', to: '2026-11' })); // the period does not narrow the trend
      expect(trend.weeks.map((w) => w.period)).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
      expect(trend.weeks.filter((w) => w.needs > 0)).toEqual([
        { period: '2026-10-05', needs: 1, headcount: 3 },
        { period: '2026-11-23', needs: 3, headcount: 7 },
      ]);
      expect(trend.months.map((m) => m.period)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
      expect(trend.months.filter((m) => m.needs > 0)).toEqual([
        { period: '2026-03', needs: 1, headcount: 5 },
        { period: '2026-10', needs: 1, headcount: 3 },
        { period: '2026-11', needs: 3, headcount: 7 },
      ]);
      expect(trend.weeks[0]).toEqual({ period: '2026-09-07', needs: 0, headcount: 0 });

      const lyon = (await service.stats(query({ territory: { kind: 'commune', insee: '69123' } }))).trend;
      expect(lyon.weeks.filter((w) => w.needs > 0)).toEqual([
        { period: '2026-10-05', needs: 1, headcount: 3 },
        { period: '2026-11-23', needs: 1, headcount: 2 },
      ]);
    });

    it('counts a need the moment it is confirmed, and no longer once withdrawn', async () => {
      const before = (await service.stats(query({ groupBy: 'commune' }))).total;
      const [stored] = await store.record([need(ACHETEURS, 7, BRON, '2027-06-30')], { channelId: 'test', conversationId: 'conv-now', userId: 'now' });
      const after = await service.stats(query({ groupBy: 'commune' }));
      expect(after.total).toEqual({ needs: before.needs + 1, headcount: before.headcount + 7 });
      expect(after.rows).toContainEqual({ key: '69029', label: 'Bron', needs: 1, headcount: 7 });

      await store.update(stored.id, { status: 'withdrawn' });
      const withdrawn = await service.stats(query({ groupBy: 'commune' }));
      expect(withdrawn.total).toEqual(before);
      expect(withdrawn.rows.map((r) => r.key)).not.toContain('69029');
    });

    it('refuses a commune that does not exist', async () => {
      await expect(service.stats(query({ territory: { kind: 'commune', insee: '69999' } }))).rejects.toThrow(new StatsQueryError('territory', 'aucune commune n’a le code INSEE 69999'));
      await expect(service.openData(query({ from: '2026-12', to: '2026-01' }))).rejects.toThrow(StatsQueryError);
    });
  });

  describe('open data', () => {
    const openRows = async (q: Partial<StatsQuery>) => (await service.openData(query(q))).rows.map((r) => [r.key, r.companies, r.needs, r.headcount, r.masked]);

    beforeAll(async () => {
      // June 2025: N1101 by 3 companies, H2913 by 2, M1101 by 4. July 2025: N1101 by 2, H2913 by 1, M1101 by 2 and a need
      // whose company is gone (it counts as its own). Only these months are asked for below.
      for (const [user, sector, fiches] of [
        ['o1', 'logistique', [CARISTES, SOUDEURS, ACHETEURS]],
        ['o2', 'Logistique', [CARISTES, SOUDEURS, ACHETEURS]],
        ['o3', 'logistique ', [CARISTES, ACHETEURS]],
        ['o4', 'Garage Martin SARL', [ACHETEURS]],
      ] as const) {
        await recordOn('2025-06-15T10:00:00Z', user, fiches.map((f) => need(f, 2, BRON, '2025-12-31')), { sector });
      }
      await recordOn('2025-07-15T10:00:00Z', 'p1', [need(CARISTES, 1, BRON, null), need(SOUDEURS, 1, BRON, null), need(ACHETEURS, 1, BRON, null)]);
      await recordOn('2025-07-15T10:00:00Z', 'p2', [need(CARISTES, 1, BRON, null), need(ACHETEURS, 1, BRON, null)]);
      const [orphan] = await recordOn('2025-07-15T10:00:00Z', 'p3', [need(ACHETEURS, 1, BRON, null)]);
      await database.prisma.need.update({ where: { id: orphan.id }, data: { companyId: null } });
      await rebuild(database.prisma);
    });

    it('shows cells of 3 companies or more and masks smaller ones; a need without a company counts as its own', async () => {
      expect(await openRows({ from: '2025-07', to: '2025-07' })).toEqual([
        ['M1101', 3, 3, 3, false],
        ['H2913', null, null, null, true],
        ['N1101', null, null, null, true],
      ]);
      const open = await service.openData(query({ from: '2025-07', to: '2025-07' }));
      expect(open.threshold).toBe(3);
      expect(open.rows[0].label).toBe('M1101 Achats');
    });

    it('masks the next smallest cell too when only one is masked, so that the total does not give it away', async () => {
      expect(await openRows({ from: '2025-06', to: '2025-06' })).toEqual([
        ['M1101', 4, 4, 8, false],
        ['H2913', null, null, null, true],
        ['N1101', null, null, null, true],
      ]);
    });

    it('does not publish a sector that too few companies wrote: it may be a company’s name', async () => {
      const open = await service.openData(query({ groupBy: 'sector', from: '2025-06', to: '2025-06' }));
      expect(open.rows).toEqual([
        { key: 'logistique', label: 'Logistique', companies: null, needs: null, headcount: null, masked: true },
        { key: '*', label: 'Autres secteurs (moins de 3 entreprises chacun)', companies: null, needs: null, headcount: null, masked: true },
      ]);
      expect(JSON.stringify(open)).not.toMatch(/garage|martin/i);
    });

    it('counts as the stats do, in every grouping and filter', async () => {
      const everyone = new DemandStatsService(database.prisma, DemandLabels.load(), { openDataMinCompanies: 1, now: NOW });
      for (const groupBy of GROUP_BYS) {
        for (const filters of [{}, { territory: { kind: 'metropole' } }, { territory: { kind: 'outside' } }, { territory: { kind: 'commune', insee: '69123' } }, { from: '2025-07', to: '2026-10' }] as Partial<StatsQuery>[]) {
          const q = query({ groupBy, ...filters });
          const stats = (await service.stats(q)).rows.map((r) => [r.key, r.needs, r.headcount]);
          const open = (await everyone.openData(q)).rows.map((r) => [r.key, r.needs, r.headcount]);
          expect([groupBy, filters, open]).toEqual([groupBy, filters, stats]);
        }
      }
    });
  });
});

describe('the query as the API receives it', () => {
  it('takes groupBy, months and a territory, with defaults', () => {
    expect(parseStatsQuery({})).toEqual({ groupBy: 'domain', territory: { kind: 'all' } });
    expect(parseStatsQuery({ groupBy: 'commune', from: '2026-01', to: '2026-06', territory: 'metropole' })).toEqual({ groupBy: 'commune', from: '2026-01', to: '2026-06', territory: { kind: 'metropole' } });
    expect(parseStatsQuery({ territory: '69123' }).territory).toEqual({ kind: 'commune', insee: '69123' });
    expect(parseStatsQuery({ territory: '2a004' }).territory).toEqual({ kind: 'commune', insee: '2A004' });
    expect(parseStatsQuery({ territory: 'outside' }).territory).toEqual({ kind: 'outside' });
  });

  it.each([
    [{ groupBy: 'week' }, /^groupBy : attendu l’un de domain, rome, commune, deadlineMonth, deadlineQuarter, size, sector$/],
    [{ from: '2026-13' }, /^from : un mois au format AAAA-MM/],
    [{ to: '2026-1' }, /^to : un mois au format AAAA-MM/],
    [{ from: '2026-06', to: '2026-01' }, /^from : le mois de début \(2026-06\) vient après celui de fin \(2026-01\)$/],
    [{ territory: 'lyon' }, /^territory : attendu all, metropole, outside ou le code INSEE/],
  ])('refuses %j in French', (params, message) => {
    expect(() => parseStatsQuery(params)).toThrow(StatsQueryError);
    expect(() => parseStatsQuery(params)).toThrow(message);
  });
});

describe('labels', () => {
  const labels = DemandLabels.load();
  it.each([
    ['domain', 'N', 'Transport et Logistique'],
    ['domain', 'A', 'Agriculture et Pêche, Espaces naturels et Espaces verts, Soins aux animaux'],
    ['rome', 'N1101', 'N1101 Conduite d\'engins de déplacement des charges'],
    ['rome', 'Z9999', 'Z9999'],
    ['commune', '69259', 'Vénissieux'],
    ['commune', '69383', 'Lyon 3e Arrondissement'],
    ['commune', '38185', 'Grenoble'],
    ['commune', '', 'Commune inconnue'],
    ['deadlineMonth', '2027-02', 'février 2027'],
    ['deadlineMonth', 'asap', 'Dès que possible'],
    ['deadlineQuarter', '2027-T1', '1er trimestre 2027'],
    ['deadlineQuarter', '2027-T4', '4e trimestre 2027'],
    ['size', '1-9', '1 à 9 salariés'],
    ['size', '250+', '250 salariés et plus'],
    ['sector', 'hôtellerie-restauration', 'Hôtellerie-restauration'],
    ['sector', '?', 'Non précisé'],
    ['week', '2026-11-23', 'semaine du 23 novembre 2026'],
  ] as const)('%s %j reads « %s »', (dimension, key, label) => {
    expect(labels.label(dimension, key)).toBe(label);
  });

  it('knows the Métropole’s communes with Lyon’s arrondissements', () => {
    const metropole = labels.metropole();
    expect(metropole).toEqual(expect.arrayContaining(['69123', '69381', '69389', '69259', '69029']));
    expect(metropole).not.toContain('38185');
  });
});

describe('CSV', () => {
  it('opens in French spreadsheets: BOM, semicolons, CRLF, quotes when needed, integers, empty for null', () => {
    const csv = toCsv(['clé', 'libellé', 'besoins'], [
      ['N1101', 'Conduite d\'engins; chariots', 4],
      ['x', 'dit "vite"\r\nfin', null],
      ['', 'Commune inconnue', 12],
    ]);
    expect(csv).toBe('\uFEFFclé;libellé;besoins\r\nN1101;"Conduite d\'engins; chariots";4\r\nx;"dit ""vite""\r\nfin";\r\n;Commune inconnue;12\r\n');
  });

  it('keeps text from being read as a formula', () => {
    expect(toCsv(['a'], [['=HYPERLINK("http://x")'], ['+33 4'], ['-2'], ['@SUM(A1)'], ['\tx'], ['ok'], [-2]])).toBe(
      '\uFEFFa\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+33 4\r\n\'-2\r\n\'@SUM(A1)\r\n\'\tx\r\nok\r\n-2\r\n',
    );
  });
});
