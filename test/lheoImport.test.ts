// LHEO import: what each formation of real and written files becomes, the files that are refused and
// why, and, on every backend, that an import is all or nothing and that importing again is idempotent.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../services/database';
import { CatalogueStore } from '../services/offers/catalogue';
import { importLheo } from '../services/offers/importLheo';
import { lheoDate, plainText, readLheo, type LheoInput, type LheoItem } from '../services/offers/lheo';
import { ImportError, type OfferInput } from '../services/offers/types';
import { backendTable, type TestDatabase } from './support/databases';
import { CHILD_ENV, RUN_TS } from './support/process';

const FIXTURES = path.join(__dirname, 'fixtures', 'lheo');
const fixture = (name: string) => createReadStream(path.join(FIXTURES, name));
const fixtureText = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const part of parts) yield part;
}

async function readAll(input: LheoInput): Promise<LheoItem[]> {
  const items: LheoItem[] = [];
  for await (const item of readLheo(input)) items.push(item);
  return items;
}

async function offersOf(input: LheoInput): Promise<OfferInput[]> {
  return (await readAll(input)).flatMap((item) => ('offer' in item ? [item.offer] : []));
}

async function refusal(input: LheoInput): Promise<ImportError> {
  try {
    await readAll(input);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

const ACCEPTED = 'versions acceptées : LHEO 2.2 (http://www.lheo.org/2.2) et 2.3 (http://lheo.gouv.fr/2.3)';

describe('LHEO reader', () => {
  it('maps a 2.3 diploma given in person and at a distance: codes, description, prices, publics, places, sessions, provider', async () => {
    const [cariste] = await offersOf(fixture('catalogue-lyon-2.3.xml'));
    expect(cariste).toEqual({
      source: 'lheo',
      sourceId: 'F-CARISTE',
      title: "Titre professionnel Cariste d'entrepôt",
      description: 'Conduire les chariots R489 en sécurité : charger décharger & stocker',
      kind: 'diploma',
      provider: { name: 'Exemple Formation Logistique', siret: '12345678900012', contact: '04 00 00 00 01', website: 'http://www.formation-exemple.fr' },
      romeCodes: ['N1101', 'N1103'],
      formacodes: ['31812'],
      nsfCodes: ['311'],
      audiences: ['job_seekers', 'employees'],
      modality: 'mixte',
      free: false,
      cpf: true,
      fundingPossible: true,
      costEuros: 1800,
      accessibility: 'Locaux accessibles ; contacter le référent handicap.',
      url: 'https://formation-exemple.fr/cariste',
      places: [
        {
          sourceId: 'A-VENISSIEUX',
          name: 'Plateau logistique Exemple',
          address: "12 rue de l'Industrie, 69200 Vénissieux",
          communeInsee: '69259',
          communeName: 'Vénissieux',
          latitude: 45.7037,
          longitude: 4.8867,
        },
      ],
      sessions: [
        { sourceId: 'S-VEN-1', placeIndex: 0, start: '2027-01-04', end: '2027-03-26', recruitment: 'open' },
        { sourceId: 'S-VEN-2', placeIndex: 0, start: '2026-09-07', end: '2026-11-20', recruitment: 'closed' },
        { sourceId: 'S-DIST', placeIndex: null, start: null, end: null, recruitment: 'open' },
      ],
    });
  });

  it('maps a free mixte course with CDATA, two places, month and year dates, and a provider known by its raison sociale', async () => {
    const [, numerique] = await offersOf(fixture('catalogue-lyon-2.3.xml'));
    expect(numerique).toEqual({
      source: 'lheo',
      sourceId: 'F-NUMERIQUE',
      title: 'Initiation au numérique',
      description: 'Prendre en main un ordinateur & internet',
      kind: 'training_course',
      provider: { name: 'Association Numérique & Citoyenneté', siret: null, contact: 'bonjour@numerique-citoyen.example', website: null },
      romeCodes: [],
      formacodes: ['70322'],
      nsfCodes: [],
      audiences: ['everyone'],
      modality: 'mixte',
      free: true,
      cpf: false,
      fundingPossible: false,
      costEuros: 0,
      accessibility: null,
      url: null,
      places: [
        {
          sourceId: 'A-LYON3',
          name: 'Espace numérique Part-Dieu',
          address: '5 place Charles Béraudier, 69003 Lyon 3e Arrondissement',
          communeInsee: '69383',
          communeName: 'Lyon 3e Arrondissement',
          latitude: 45.7605,
          longitude: 4.8594,
        },
        {
          sourceId: 'A-VILLEURBANNE',
          name: 'Médiathèque du Tonkin',
          address: '2 promenade du Lys Orange, 69100 Villeurbanne',
          communeInsee: '69266',
          communeName: 'Villeurbanne',
          latitude: null,
          longitude: null,
        },
      ],
      sessions: [
        { sourceId: 'S-LYON3', placeIndex: 0, start: '2027-03-01', end: '2027-06-30', recruitment: 'suspended' },
        { sourceId: 'S-VILLEURBANNE', placeIndex: 1, start: '2027-01-01', end: '2027-12-31', recruitment: 'open' },
      ],
    });
  });

  it('takes an RS-only qualification as a certification, for everyone, ignoring elements of other namespaces', async () => {
    const [, , habilitation] = await offersOf(fixture('catalogue-lyon-2.3.xml'));
    expect(habilitation).toMatchObject({
      sourceId: 'F-HABILITATION',
      title: 'Habilitation électrique B0 H0V',
      kind: 'certification',
      audiences: ['everyone'],
      modality: 'presentiel',
      costEuros: null,
      provider: { name: 'Centre Exemple Sécurité', siret: '98765432100019', contact: null, website: null },
      sessions: [{ sourceId: 'S-BRON', placeIndex: 0, start: '2027-02-15', end: '2027-02-16', recruitment: 'open' }],
    });
  });

  it('skips formations without title, without numero, or with a numero already used, saying why', async () => {
    const skipped = (await readAll(fixture('catalogue-lyon-2.3.xml'))).flatMap((item) => ('skipped' in item ? [item.skipped] : []));
    expect(skipped).toEqual([
      { sourceId: 'F-SANS-TITRE', reason: 'formation sans intitulé (intitule-formation)' },
      { sourceId: null, reason: 'formation sans attribut numero (ligne 194, « Formation sans numéro »)' },
      { sourceId: 'F-CARISTE', reason: 'numéro déjà utilisé par une formation précédente du fichier' },
    ]);
  });

  it('reads the real Onisep 2.2 export', async () => {
    expect(await offersOf(fixture('exemple-bts-onisep.xml'))).toEqual([
      {
        source: 'lheo',
        sourceId: '9436_18706',
        title: 'BTS négociation et relation client',
        description:
          "A la fois vendeur, manager et commercial, le technicien supérieur en négociation et relation client participe à la mise en oeuvre de la politique commerciale de l'entreprise qui l'emploie et contribue à la croissance de son chiffre d'affaires. Son activité est fondée sur la mise en place d'une démarche commerciale active en direction de la clientèle.",
        kind: 'diploma',
        provider: { name: 'Lycée Kerneuzec', siret: '19290076900014', contact: '02 98 96 48 00', website: 'http://lyceedekerneuzec.fr' },
        romeCodes: ['D1402', 'D1403', 'D1408'],
        formacodes: ['34582', '34076'],
        nsfCodes: ['312'],
        audiences: ['youth_16_25'],
        modality: 'presentiel',
        free: false,
        cpf: false,
        fundingPossible: true,
        costEuros: null,
        accessibility: null,
        url: 'http://www2.cndp.fr/archivage/valid/brochadmin/bouton/c052.htm',
        places: [
          {
            sourceId: '9436_18706',
            name: 'Lycée Kerneuzec',
            address: 'Kerneuzec, 29391 QUIMPERLÉ',
            communeInsee: '29233',
            communeName: 'QUIMPERLÉ',
            latitude: 47.882108,
            longitude: -3.5526545,
          },
        ],
        sessions: [{ sourceId: '9436_18706', placeIndex: 0, start: '2015-09-01', end: '2017-08-31', recruitment: 'open' }],
      },
    ]);
  });

  it('reads a 2.2 file encoded in ISO-8859-1', async () => {
    const [cqp] = await offersOf(fixture('cqp-securite-2.2-latin1.xml'));
    expect(cqp).toMatchObject({
      sourceId: 'F-CQP-SECURITE',
      title: 'CQP Agent de prévention et de sécurité',
      description: 'Surveiller des biens et des personnes ; prévenir les risques.',
      kind: 'cqp',
      audiences: ['youth_16_25', 'job_seekers'],
      costEuros: 1890,
      provider: { name: 'Exemple Formation Logistique et Sécurité', siret: '12345678900012' },
      places: [expect.objectContaining({ name: 'Exemple Sécurité Formation', communeInsee: '69387' })],
    });
  });

  it('reads the same offers whatever the chunk boundaries, even inside a UTF-8 character', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'catalogue-lyon-2.3.xml'));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    expect(await readAll(chunks(...pieces))).toEqual(await readAll(fixture('catalogue-lyon-2.3.xml')));
  });

  it.each([
    ['lheo-1.3-exemple-conseiller-insertion.xml', `version de LHEO non prise en charge : espace de noms « http://www.lheo.org/1.3.0 » (LHEO 1.3.0) ; ${ACCEPTED}`],
    ['lheo-1.3-exemple-photographe.xml', `version de LHEO non prise en charge : espace de noms « http://www.lheo.org/1.3.0 » (LHEO 1.3.0) ; ${ACCEPTED}`],
    ['lheo-1.3-exemple-leger.xml', `ce fichier est au format « LHEO léger » de LHEO 1.x (élément racine <lheo-leger>), qui n'est pas pris en charge ; ${ACCEPTED}`],
  ])('refuses the real LHEO 1.3 file %s, naming its version', async (file, message) => {
    expect((await refusal(fixture(file))).message).toBe(message);
  });

  it.each([
    ['<lheo xmlns="http://lheo.gouv.fr/2.4"><offres/></lheo>', 'espace de noms « http://lheo.gouv.fr/2.4 » (LHEO 2.4)'],
    ['<lheo xmlns="http://www.lheo.org/2.2/"><offres/></lheo>', 'espace de noms « http://www.lheo.org/2.2/ » (LHEO 2.2)'],
    ['<lheo xmlns="http://lheo.gouv.fr/2,3"><offres/></lheo>', 'espace de noms « http://lheo.gouv.fr/2,3 »'],
    ['<lheo><offres/></lheo>', 'aucun espace de noms'],
  ])('refuses an LHEO root in another namespace: %s', async (xml, found) => {
    expect((await refusal(chunks(xml))).message).toBe(`version de LHEO non prise en charge : ${found} ; ${ACCEPTED}`);
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Formations</title></head><body><p>Bonjour<br></p></body></html>', '<html>'],
    ['an RSS feed', '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Formations</title><item><title>Cariste</title></item></channel></rss>', '<rss>'],
    ['the LHEO grammar itself', '<definitions xmlns="http://www.gelaba.org/gml/1.2" language="LHEO" version="2.3"/>', '<definitions>'],
  ])('refuses %s as not LHEO', async (_what, xml, root) => {
    expect((await refusal(chunks(xml))).message).toBe(`ce fichier n'est pas un fichier LHEO (élément racine ${root}, attendu <lheo>)`);
  });

  it('refuses malformed XML with the line and column where the parser stopped', async () => {
    const mismatched = '<lheo xmlns="http://lheo.gouv.fr/2.3">\n<offres>\n<formation numero="1">\n  <intitule-formation>Cariste</intitule>\n';
    const error = await refusal(chunks(mismatched));
    expect(error).toMatchObject({ line: 4, column: 40 });
    expect(error.message).toBe('XML mal formé : balise fermante inattendue (ligne 4, colonne 40)');

    const entity = '<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>\n<formation numero="1"><intitule-formation>Caf&eacute;</intitule-formation></formation></offres></lheo>';
    expect((await refusal(chunks(entity))).message).toBe('XML mal formé : entité non définie (un & doit s’écrire &amp;) (ligne 2, colonne 53)');

    const truncated = '<lheo xmlns="http://lheo.gouv.fr/2.3">\n<offres>\n<formation numero="1">\n';
    expect((await refusal(chunks(truncated))).message).toMatch(/^XML mal formé : balise <formation> non fermée \(ligne 4/);

    expect((await refusal(chunks('{"offres": []}'))).message).toMatch(/^XML mal formé : du texte hors de l’élément racine : ce n’est pas un document XML \(ligne 1/);
  });

  it('refuses an empty file clearly', async () => {
    const message = 'le fichier est vide : il ne contient aucun XML à importer';
    expect((await refusal(chunks())).message).toBe(message);
    expect((await refusal(chunks(Buffer.from(' \n\t\n')))).message).toBe(message);
    expect((await refusal(chunks('<?xml version="1.0" encoding="UTF-8"?>\n'))).message).toMatch(/^XML mal formé : aucun élément XML/);
  });

  it('refuses an encoding it does not know', async () => {
    expect((await refusal(chunks(Buffer.from('<?xml version="1.0" encoding="EBCDIC-XYZ"?><lheo/>')))).message).toBe(
      'encodage « EBCDIC-XYZ » non pris en charge (déclaration XML du fichier)',
    );
  });

  it('turns HTML into plain text of at most 1,000 characters, cut after a word', () => {
    expect(plainText('&lt;p&gt;Savoir &lt;b&gt;tr&lt;/b&gt;ier, peser&amp;nbsp;: &lt;/p&gt;&lt;ul&gt;&lt;li&gt;fruits&lt;/li&gt;&lt;li&gt;l&amp;eacute;gumes&lt;/li&gt;&lt;/ul&gt;')).toBe(
      'Savoir trier, peser : fruits légumes',
    );
    expect(plainText('<p>Un&#160;texte &#x2013; déjà décodé</p>')).toBe('Un texte – déjà décodé');
    expect(plainText('  -  ')).toBeNull();
    expect(plainText('<p> </p>')).toBeNull();
    const long = plainText(`<p>${'formation '.repeat(150)}</p>`)!;
    expect(long).toHaveLength(1000);
    expect(long.endsWith('formation…')).toBe(true);
  });

  it.each([
    ['20270104', 'start', '2027-01-04'],
    ['20270104', 'end', '2027-01-04'],
    ['00000000', 'start', null],
    ['99999999', 'end', null],
    ['20270200', 'start', '2027-02-01'],
    ['20270200', 'end', '2027-02-28'],
    ['20280200', 'end', '2028-02-29'],
    ['20270000', 'start', '2027-01-01'],
    ['20270000', 'end', '2027-12-31'],
    ['20270231', 'start', null],
    ['2027-03-15', 'start', '2027-03-15'],
    ['bientôt', 'start', null],
  ] as const)('reads the LHEO date %s as the %s %s', (text, edge, day) => {
    expect(lheoDate(text, edge)).toBe(day);
  });
});

/** Counts the offers the store has taken from the stream, to see that the import writes while it reads. */
class WatchedStore extends CatalogueStore {
  taken = 0;
  override upsert(offers: OfferInput[] | AsyncIterable<OfferInput>) {
    const watch = async function* (this: WatchedStore) {
      for await (const offer of offers) {
        this.taken++;
        yield offer;
      }
    };
    return super.upsert(watch.call(this));
  }
}

describe.each(backendTable)('LHEO import on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let store: WatchedStore;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    store = new WatchedStore(database.prisma);
  });
  beforeEach(async () => {
    await database.prisma.offer.deleteMany();
    await database.prisma.provider.deleteMany();
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  const catalogue = () =>
    database.prisma.offer.findMany({
      orderBy: { sourceId: 'asc' },
      include: { provider: true, places: { orderBy: { id: 'asc' } }, sessions: { orderBy: { id: 'asc' } } },
    });

  it('imports the usable formations of a 2.3 file and reports the others', async () => {
    const report = await importLheo(store, fixture('catalogue-lyon-2.3.xml'));
    expect(report).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
      skipped: [
        { sourceId: 'F-SANS-TITRE', reason: 'formation sans intitulé (intitule-formation)' },
        { sourceId: null, reason: 'formation sans attribut numero (ligne 194, « Formation sans numéro »)' },
        { sourceId: 'F-CARISTE', reason: 'numéro déjà utilisé par une formation précédente du fichier' },
      ],
    });
    const offers = await catalogue();
    expect(offers.map((o) => [o.source, o.sourceId, o.kind, o.modality, o.audiences])).toEqual([
      ['lheo', 'F-CARISTE', 'DIPLOMA', 'MIXTE', ['JOB_SEEKERS', 'EMPLOYEES']],
      ['lheo', 'F-HABILITATION', 'CERTIFICATION', 'PRESENTIEL', ['EVERYONE']],
      ['lheo', 'F-NUMERIQUE', 'TRAINING_COURSE', 'MIXTE', ['EVERYONE']],
    ]);
    const numerique = offers[2];
    expect(numerique.places.map((p) => p.communeInsee)).toEqual(['69383', '69266']);
    expect(numerique.sessions.map((s) => [s.start, s.end, s.recruitment, numerique.places.findIndex((p) => p.id === s.placeId)])).toEqual([
      [new Date('2027-03-01T00:00:00Z'), new Date('2027-06-30T00:00:00Z'), 'SUSPENDED', 0],
      [new Date('2027-01-01T00:00:00Z'), new Date('2027-12-31T00:00:00Z'), 'OPEN', 1],
    ]);
  });

  it('imports the real Onisep file: title, ROME codes, the Quimperlé place, the session and the provider', async () => {
    expect(await importLheo(store, fixture('exemple-bts-onisep.xml'))).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: [] });
    const [bts] = await catalogue();
    expect(bts).toMatchObject({
      source: 'lheo',
      sourceId: '9436_18706',
      title: 'BTS négociation et relation client',
      kind: 'DIPLOMA',
      formal: true,
      romeCodes: ['D1402', 'D1403', 'D1408'],
      provider: { name: 'Lycée Kerneuzec', siret: '19290076900014', contact: '02 98 96 48 00', website: 'http://lyceedekerneuzec.fr' },
    });
    expect(bts.places).toEqual([
      expect.objectContaining({ name: 'Lycée Kerneuzec', communeInsee: '29233', communeName: 'QUIMPERLÉ', latitude: 47.882108, longitude: -3.5526545 }),
    ]);
    expect(bts.sessions).toEqual([
      expect.objectContaining({ placeId: bts.places[0].id, start: new Date('2015-09-01T00:00:00Z'), end: new Date('2017-08-31T00:00:00Z'), recruitment: 'OPEN' }),
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    await importLheo(store, fixture('catalogue-lyon-2.3.xml'));
    const before = await catalogue();
    const report = await importLheo(store, fixture('catalogue-lyon-2.3.xml'));
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(report.skipped).toHaveLength(3);
    expect(await catalogue()).toEqual(before);
  });

  it('updates only the formations a modified file changes', async () => {
    await importLheo(store, fixture('catalogue-lyon-2.3.xml'));
    const modified = fixtureText('catalogue-lyon-2.3.xml')
      .replace('<intitule-formation>Habilitation électrique B0 H0V</intitule-formation>', '<intitule-formation>Habilitation électrique B0 H0V BS</intitule-formation>')
      .replace('<etat-recrutement>1</etat-recrutement>', '<etat-recrutement>2</etat-recrutement>');
    const report = await importLheo(store, chunks(modified));
    expect(report).toMatchObject({ created: 0, updated: 2, unchanged: 1 });
    const [cariste, habilitation] = await catalogue();
    expect(habilitation.title).toBe('Habilitation électrique B0 H0V BS');
    expect(cariste.sessions.map((s) => s.recruitment)).toEqual(['CLOSED', 'CLOSED', 'OPEN']);
  });

  it('shares the provider of two files by SIRET, keeping the contact the second file does not give', async () => {
    await importLheo(store, fixture('catalogue-lyon-2.3.xml'));
    expect(await importLheo(store, fixture('cqp-securite-2.2-latin1.xml'))).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: [] });
    const providers = await database.prisma.provider.findMany({ where: { siret: '12345678900012' }, include: { offers: { orderBy: { sourceId: 'asc' } } } });
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ name: 'Exemple Formation Logistique et Sécurité', contact: '04 00 00 00 01', website: 'http://www.formation-exemple.fr' });
    expect(providers[0].offers.map((o) => o.sourceId)).toEqual(['F-CARISTE', 'F-CQP-SECURITE']);
  });

  it('leaves the catalogue as it was when the file breaks after valid formations, which were read and written first', async () => {
    await importLheo(store, fixture('exemple-bts-onisep.xml'));
    await importLheo(store, fixture('catalogue-lyon-2.3.xml'));
    const before = await catalogue();

    const lines = fixtureText('catalogue-lyon-2.3.xml').replace("Cariste d'entrepôt", 'Cariste (nouvel intitulé)').split('\n');
    const validPart = lines.slice(0, 188).join('\n') + '\n'; // the three usable formations, ending before line 189
    const brokenPart = ['    <formation numero="F-CASSEE">', '      <intitule-formation>Formation cassée</intitule>', '    </formation>', '  </offres>', '</lheo>', ''].join('\n');
    let takenBeforeTheBreak = -1;
    const input = (async function* () {
      yield Buffer.from(validPart);
      takenBeforeTheBreak = store.taken;
      yield Buffer.from(brokenPart);
    })();
    store.taken = 0;

    const error = await importLheo(store, input).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ message: 'XML mal formé : balise fermante inattendue (ligne 190, colonne 53)', line: 190, column: 53 });
    expect(takenBeforeTheBreak).toBe(3);
    expect(await catalogue()).toEqual(before);
  });

  it('writes nothing for a refused 1.3 file or a file cut short', async () => {
    await importLheo(store, fixture('exemple-bts-onisep.xml'));
    const before = await catalogue();
    await expect(importLheo(store, fixture('lheo-1.3-exemple-photographe.xml'))).rejects.toThrow('version de LHEO non prise en charge');
    const text = fixtureText('catalogue-lyon-2.3.xml');
    const cut = text.slice(0, text.indexOf('Espace numérique Part-Dieu')); // after the whole first formation
    await expect(importLheo(store, chunks(cut))).rejects.toThrow(/^XML mal formé : balise <.+> non fermée/);
    expect(await catalogue()).toEqual(before);
  });
});

describe('offers:import command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'blablaform-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [...RUN_TS, 'services/offers/importCli.ts', ...args], {
      cwd: path.join(__dirname, '..'),
      env: { ...CHILD_ENV, DATABASE_URL: `file:${path.join(dir, 'db')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('imports a file, prints the counts in French and exits 0; a 1.3 file exits 1 with the reason; bad usage exits 2', async () => {
    const imported = await run('test/fixtures/lheo/catalogue-lyon-2.3.xml');
    expect(imported).toEqual({
      code: 0,
      stdout: [
        'Import de test/fixtures/lheo/catalogue-lyon-2.3.xml terminé : 3 offres créées, 0 mise à jour, 0 inchangée, 3 formations ignorées.',
        '  - F-SANS-TITRE : formation sans intitulé (intitule-formation)',
        '  - (sans numéro) : formation sans attribut numero (ligne 194, « Formation sans numéro »)',
        '  - F-CARISTE : numéro déjà utilisé par une formation précédente du fichier',
        '',
      ].join('\n'),
      stderr: '',
    });

    const refused = await run('test/fixtures/lheo/lheo-1.3-exemple-conseiller-insertion.xml');
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `Import refusé : version de LHEO non prise en charge : espace de noms « http://www.lheo.org/1.3.0 » (LHEO 1.3.0) ; ${ACCEPTED}\nRien n'a été écrit dans le catalogue.\n`,
    });

    expect(await run()).toMatchObject({ code: 2, stderr: 'usage : npm run offers:import -- FICHIER.xml   (un fichier LHEO 2.2 ou 2.3)\n' });
    const missing = path.join(dir, 'absent.xml');
    expect(await run(missing)).toMatchObject({ code: 2, stderr: expect.stringContaining(`Fichier introuvable : ${missing}`) });
  });
});
