// The catalogue API over real HTTP, on an embedded database: a bearer token, query parameters parsed
// into the search's filters, a 400 naming each wrong parameter, and the LHEO import route streaming
// its body to the importer it is given (here a small one defined below).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { CloudAdapter } from 'botbuilder';
import { registerOffersApi, type OffersApiDeps } from '../bots/api/offersApi';
import { createHttpServer } from '../bots/httpServer';
import { openDatabase, type Database } from '../services/database';
import { createLogger } from '../services/logger';
import { CatalogueSearch } from '../services/offers/search';
import { ImportError, type ImportReport } from '../services/offers/types';
import { parisToday } from '../services/understanding/deadline';

const TOKEN = 'jeton-de-test-0123456789abcdef';
const TODAY = parisToday();

function day(n: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

let database: Database;
let search: CatalogueSearch;
const logLines: Record<string, unknown>[] = [];
const logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line)) });

/** An importer that reads the whole stream as LHEO would be read, and counts its <formation> elements. */
async function fakeImportLheo(body: NodeJS.ReadableStream): Promise<ImportReport> {
  let xml = '';
  for await (const chunk of body) xml += chunk.toString();
  if (!xml.trimStart().startsWith('<lheo')) throw new ImportError('Ce fichier n’est pas au format LHEO : l’élément racine doit être <lheo>', 1, 1);
  return { created: xml.split('<formation>').length - 1, updated: 0, unchanged: 0, skipped: [] };
}

async function startApi(deps: Partial<OffersApiDeps> = {}) {
  const server = createHttpServer({ adapter: new CloudAdapter(), onTurn: async () => {}, healthy: async () => true, logger });
  registerOffersApi(server.server, { search, apiToken: TOKEN, logger, ...deps });
  const { port } = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, port, close: () => server.close() };
}
type Api = Awaited<ReturnType<typeof startApi>>;

async function get(api: Api, path: string, token: string | null = TOKEN) {
  const response = await fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as { error?: string; total?: number; offers?: { title: string; place: { distanceKm: number | null } | null }[] } };
}

/** A POST written chunk by chunk (no Content-Length unless given), so that streaming can be observed. */
function post(api: Api, path: string, chunks: (string | (() => Promise<string>))[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: api.port, path, method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/xml', ...headers } },
      (response) => {
        let text = '';
        response.on('data', (c) => (text += c));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    (async () => {
      for (const chunk of chunks) request.write(typeof chunk === 'string' ? chunk : await chunk());
      request.end();
    })().catch(reject);
  });
}

async function offer(title: string, data: Record<string, unknown> = {}) {
  await database.prisma.offer.create({
    data: {
      source: 'test',
      sourceId: randomUUID(),
      title,
      kind: 'TRAINING_COURSE',
      formal: true,
      audiences: ['EVERYONE'],
      modality: 'PRESENTIEL',
      ...data,
    } as never,
  });
}
const at = (communeInsee: string, latitude: number, longitude: number) => ({ create: [{ communeInsee, latitude, longitude }] });

beforeAll(async () => {
  database = await openDatabase('memory:');
  await database.migrate();
  search = new CatalogueSearch(database.prisma);
  await offer('Cariste à Vaulx-en-Velin', { romeCodes: ['N1101'], audiences: ['JOB_SEEKERS'], places: at('69256', 45.7778, 4.9203), sessions: { create: [{ start: new Date(`${day(10)}T00:00:00Z`) }] } });
  await offer('Électricité à Givors', { romeCodes: ['F1602'], places: at('69091', 45.5906, 4.7689), sessions: { create: [{ start: new Date(`${day(60)}T00:00:00Z`) }] } });
  await offer('Comptabilité à Villeurbanne', { romeCodes: ['M1203'], audiences: ['EMPLOYEES'], places: at('69266', 45.7664, 4.8797) });
  await offer('Atelier CV', { kind: 'CRIJ_WORKSHOP', formal: false, free: true, places: at('69381', 45.7699, 4.8286) });
  await offer('FabLab ouvert', { kind: 'FABLAB', formal: false, free: true, modality: 'MIXTE', places: at('69256', 45.7778, 4.9203) });
  await offer('Anglais en ligne', { romeCodes: ['K2111'], modality: 'DISTANCE' });
});
afterAll(() => database.close());

describe('GET /api/offers', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers 401 without a token or with a wrong one', async () => {
    expect((await get(api, '/api/offers', null)).status).toBe(401);
    const wrong = await get(api, '/api/offers', 'un-autre-jeton-0123456789abcdef');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/Authorization: Bearer/);
  });

  it('answers 401 to every call when no token is configured', async () => {
    const closed = await startApi({ apiToken: undefined });
    try {
      const { status, body } = await get(closed, '/api/offers');
      expect(status).toBe(401);
      expect(body.error).toMatch(/API_TOKEN/);
    } finally {
      await closed.close();
    }
  });

  it('lists the whole catalogue with the total', async () => {
    const { status, body } = await get(api, '/api/offers');
    expect(status).toBe(200);
    expect(body.total).toBe(6);
    expect(Object.keys(body)).toEqual(['total', 'offers']);
  });

  it.each([
    ['a text with accents', '?q=%C3%A9lectricit%C3%A9', ['Électricité à Givors']],
    ['a text without them', '?q=ELECTRICITE', ['Électricité à Givors']],
    ['ROME codes and a domain letter, comma-separated', '?rome=N1101,m', ['Cariste à Vaulx-en-Velin', 'Comptabilité à Villeurbanne']],
    ['kinds, comma-separated', '?kind=fablab,crij_workshop', ['Atelier CV', 'FabLab ouvert']],
    ['kinds, repeated', '?kind=fablab&kind=crij_workshop', ['Atelier CV', 'FabLab ouvert']],
    ['an audience (with offers for everyone)', '?audience=employees', ['Anglais en ligne', 'Atelier CV', 'Comptabilité à Villeurbanne', 'Électricité à Givors', 'FabLab ouvert']],
    ['a modality', '?modality=mixte', ['FabLab ouvert']],
    ['free', '?free=true', ['Atelier CV', 'FabLab ouvert']],
    ['not free', '?free=false&kind=training_course', ['Anglais en ligne', 'Cariste à Vaulx-en-Velin', 'Comptabilité à Villeurbanne', 'Électricité à Givors']],
    ['a start date', `?startsBefore=${day(30)}&kind=training_course`, ['Anglais en ligne', 'Cariste à Vaulx-en-Velin', 'Comptabilité à Villeurbanne']],
  ])('filters by %s', async (_what, query, expected) => {
    const { status, body } = await get(api, `/api/offers${query}`);
    expect(status).toBe(200);
    expect(body.offers!.map((o) => o.title).sort((a, b) => a.localeCompare(b, 'fr'))).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  it('measures from a commune within 15 km unless a radius is given, nearest first', async () => {
    const near = await get(api, '/api/offers?commune=69256&kind=training_course');
    expect(near.body.offers!.map((o) => [o.title, o.place?.distanceKm ?? null])).toEqual([
      ['Cariste à Vaulx-en-Velin', 0],
      ['Comptabilité à Villeurbanne', 3.4],
      ['Anglais en ligne', null],
    ]);
    const wide = await get(api, '/api/offers?commune=69256&radius=30&kind=training_course');
    expect(wide.body.offers!.map((o) => o.title)).toEqual(['Cariste à Vaulx-en-Velin', 'Comptabilité à Villeurbanne', 'Électricité à Givors', 'Anglais en ligne']);
  });

  it('pages with limit and offset', async () => {
    const all = await get(api, '/api/offers?limit=100');
    const page = await get(api, '/api/offers?limit=2&offset=3');
    expect(page.body.total).toBe(6);
    expect(page.body.offers!.map((o) => o.title)).toEqual(all.body.offers!.slice(3, 5).map((o) => o.title));
  });

  it.each([
    ['an unknown parameter', '?ville=Bron', /paramètre inconnu : ville/],
    ['an unknown kind', '?kind=fablab,cours', /kind : « cours » n’est pas reconnu/],
    ['a bad ROME code', '?rome=N11', /rome : « N11 » n’est pas reconnu/],
    ['a radius without a commune', '?radius=10', /radius : demande aussi le paramètre commune/],
    ['a radius that is not a number', '?commune=69029&radius=loin', /radius : un nombre de kilomètres attendu/],
    ['a commune code of the wrong form', '?commune=Bron', /commune : un code INSEE/],
    ['an unknown commune code', '?commune=69999', /commune : commune inconnue/],
    ['a commune outside the Métropole', '?commune=38185', /commune : commune inconnue/],
    ['a bad audience', '?audience=seniors', /audience : attendu : youth_16_25, job_seekers, employees, everyone/],
    ['a bad modality', '?modality=visio', /modality : attendu : presentiel, distance, mixte/],
    ['free that is not true or false', '?free=oui', /free : true ou false/],
    ['a date of the wrong form', '?startsBefore=15/02/2027', /startsBefore : date attendue au format AAAA-MM-JJ/],
    ['an impossible date', '?startsBefore=2027-02-30', /startsBefore : date impossible/],
    ['a limit over 100', '?limit=101', /limit : 100 au plus/],
    ['a negative offset', '?offset=-1', /offset : à partir de 0/],
    ['a repeated parameter that is not a list', '?q=a&q=b', /paramètre répété : q/],
  ])('answers 400 naming the parameter to %s', async (_what, query, message) => {
    const { status, body } = await get(api, `/api/offers${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatch(/^Requête invalide : /);
    expect(body.error).toMatch(message);
  });

  it('writes one log line for each refused call', async () => {
    logLines.length = 0;
    await get(api, '/api/offers?limit=500');
    await get(api, '/api/offers', null);
    expect(logLines.filter((l) => /api call refused/.test(String(l.msg)))).toEqual([
      expect.objectContaining({ msg: 'api call refused', status: 400, url: '/api/offers?limit=500' }),
      expect.objectContaining({ msg: 'api call refused: bad token', status: 401 }),
    ]);
  });
});

describe('POST /api/offers/import', () => {
  const LHEO = '<lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation></formation><formation></formation></offres></lheo>';

  it('is absent when no importer is given', async () => {
    const api = await startApi();
    try {
      expect((await post(api, '/api/offers/import', [LHEO])).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  describe('with an importer', () => {
    let api: Api;
    let received: number[] = [];
    let firstChunk: () => void = () => {};
    beforeAll(async () => {
      api = await startApi({
        maxImportBytes: 64 * 1024,
        importLheo: async (body) => {
          received = [];
          const counting = (async function* () {
            for await (const chunk of body) {
              received.push(chunk.length);
              firstChunk();
              yield chunk;
            }
          })();
          return fakeImportLheo({ [Symbol.asyncIterator]: () => counting } as unknown as NodeJS.ReadableStream);
        },
      });
    });
    afterAll(() => api.close());

    it('answers 200 with the importer’s report', async () => {
      const { status, body } = await post(api, '/api/offers/import', [LHEO], { 'content-type': 'application/xml; charset=utf-8' });
      expect(status).toBe(200);
      expect(body).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: [] });
    });

    it('streams the body to the importer as it arrives', async () => {
      const started = new Promise<void>((resolve, reject) => {
        firstChunk = resolve;
        setTimeout(() => reject(new Error('the importer read nothing before the whole body was sent')), 5000).unref();
      });
      const half = LHEO.length / 2;
      const { status, body } = await post(api, '/api/offers/import', [LHEO.slice(0, half), () => started.then(() => LHEO.slice(half))], { 'content-type': 'text/xml' });
      expect(status).toBe(200);
      expect(body.created).toBe(2);
      expect(received.length).toBeGreaterThanOrEqual(2);
    });

    it('answers 400 with the message of an ImportError', async () => {
      const { status, body } = await post(api, '/api/offers/import', ['<html><body>pas du LHEO</body></html>']);
      expect(status).toBe(400);
      expect(body).toEqual({ error: 'Ce fichier n’est pas au format LHEO : l’élément racine doit être <lheo> (ligne 1, colonne 1)' });
    });

    it('answers 401 without a token', async () => {
      const { status } = await post(api, '/api/offers/import', [LHEO], { authorization: '' });
      expect(status).toBe(401);
    });

    it('answers 415 to a body that is not XML', async () => {
      const { status, body } = await post(api, '/api/offers/import', ['{"offres": []}'], { 'content-type': 'application/json' });
      expect(status).toBe(415);
      expect(body.error).toMatch(/application\/xml/);
    });

    it('answers 413 to a body over the limit, declared or streamed', async () => {
      const declared = await post(api, '/api/offers/import', [], { 'content-length': String(200 * 1024) });
      expect(declared.status).toBe(413);
      expect(declared.body.error).toMatch(/trop volumineux/);
      const big = `<lheo>${'<formation></formation>'.repeat(4000)}</lheo>`;
      const streamed = await post(api, '/api/offers/import', [big.slice(0, 50_000), big.slice(50_000)]);
      expect(streamed.status).toBe(413);
      expect(streamed.body.error).toMatch(/trop volumineux/);
    });
  });
});
