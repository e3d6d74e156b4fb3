// A 50 MB LHEO file, made here from a real formation repeated with distinct numbers: it is read as a
// stream, one formation at a time, with memory that does not grow with the file, from a file (as
// `npm run offers:import` reads it) and through POST /api/offers/import (as the API receives it). The
// database import itself is measured on a smaller file of the same kind, on every backend (the 50 MB
// one takes about 40 s on PostgreSQL: too long for the suite). And what the importer says of files
// that break the rules: a character XML forbids, a formation of several megabytes.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CloudAdapter } from 'botbuilder';
import { createHttpServer } from '../bots/httpServer';
import { registerOffersApi } from '../bots/api/offersApi';
import { openDatabase, type Database } from '../services/database';
import { createLogger } from '../services/logger';
import { CatalogueStore } from '../services/offers/catalogue';
import { importLheo } from '../services/offers/importLheo';
import { MAX_FORMATION_CHARS, readLheo, type LheoInput } from '../services/offers/lheo';
import { ImportError, type ImportReport, type OfferSearch } from '../services/offers/types';
import { backendTable, type TestDatabase } from './support/databases';

const FIXTURE = readFileSync(path.join(__dirname, 'fixtures', 'lheo', 'catalogue-lyon-2.3.xml'), 'utf8');
const HEAD = FIXTURE.slice(0, FIXTURE.indexOf('<offres>') + '<offres>'.length) + '\n';
const TAIL = '  </offres>\n</lheo>\n';
/** The fixture's diploma (two actions, places, sessions, HTML in its description): about 5 KB. */
const FORMATION = FIXTURE.slice(FIXTURE.indexOf('    <formation numero="F-CARISTE">'), FIXTURE.indexOf('</formation>') + '</formation>'.length);
const MB = 1024 * 1024;

// A full garbage collection before each measure, so that what is measured is what the reader keeps.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Memory still in use after a full collection: the JavaScript heap and the buffers outside it. */
function retained(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Writes an LHEO 2.3 file of copies of the formation numbered F-0, F-1…, `count` of them or until `bytes` are written. */
async function writeLheo(file: string, { count = Infinity, bytes = Infinity }: { count?: number; bytes?: number }): Promise<{ size: number; count: number }> {
  const out = createWriteStream(file);
  let size = Buffer.byteLength(HEAD);
  out.write(HEAD);
  let written = 0;
  while (written < count && size < bytes) {
    const formation = FORMATION.replace('numero="F-CARISTE"', `numero="F-${written++}"`) + '\n';
    size += Buffer.byteLength(formation);
    if (!out.write(formation)) await once(out, 'drain');
  }
  out.end(TAIL);
  await once(out, 'finish');
  return { size: statSync(file).size, count: written };
}

/** Watches memory while formations are read: the highest retained memory (every `every` formations) and the peak RSS. */
function memoryWatch(every = 2000) {
  const start = { retained: retained(), rss: process.memoryUsage().rss };
  let maxRetained = start.retained;
  let peakRss = start.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  let seen = 0;
  return {
    formationRead() {
      if (++seen % every === 0) maxRetained = Math.max(maxRetained, retained());
    },
    stop() {
      clearInterval(sampler);
      return { formations: seen, retainedGrowth: maxRetained - start.retained, rssGrowth: peakRss - start.rss };
    },
  };
}

/** The importer's code path without the database: the offers are taken one by one and counted. */
function countingImporter(watch: ReturnType<typeof memoryWatch>) {
  const store = {
    async upsert(offers: AsyncIterable<unknown>): Promise<ImportReport> {
      let created = 0;
      for await (const _offer of offers) {
        created++;
        watch.formationRead();
      }
      return { created, updated: 0, unchanged: 0, skipped: [] };
    },
  } as unknown as CatalogueStore;
  return (input: LheoInput) => importLheo(store, input);
}

describe('a 50 MB LHEO file', () => {
  let dir: string;
  let file: string;
  let size: number;
  let count: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'blablaform-lheo-'));
    file = path.join(dir, 'offres-50mo.xml');
    ({ size, count } = await writeLheo(file, { bytes: 50 * MB }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is streamed by POST /api/offers/import to the importer, which takes every formation, with memory that does not grow with the file', async () => {
    const watch = memoryWatch();
    const logger = createLogger('silent');
    const http = createHttpServer({ adapter: new CloudAdapter(), onTurn: async () => {}, healthy: async () => true, logger });
    registerOffersApi(http.server, {
      search: {} as OfferSearch,
      apiToken: 'jeton-des-tests-0123456789abcdef',
      logger,
      importLheo: countingImporter(watch),
    });
    const { port } = await http.listen(0, '127.0.0.1');
    try {
      // Sent with node:http, whose pipe waits for the server: Node 20's fetch fed by Readable.toWeb reads the
      // whole file ahead into memory, on the sending side of this very process.
      const request = httpRequest(`http://127.0.0.1:${port}/api/offers/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', authorization: 'Bearer jeton-des-tests-0123456789abcdef' },
      });
      const response = once(request, 'response') as Promise<[IncomingMessage]>;
      await pipeline(createReadStream(file), request);
      const [answer] = await response;
      let body = '';
      for await (const chunk of answer) body += chunk;
      expect([answer.statusCode, JSON.parse(body)]).toEqual([200, { created: count, updated: 0, unchanged: 0, skipped: [] }]);
    } finally {
      await http.close();
    }
    const { formations, retainedGrowth, rssGrowth } = watch.stop();
    expect(size).toBeGreaterThan(50 * MB);
    expect(formations).toBe(count);
    // Holding the file, or its offers, would take more than 50 MB (its text alone is 100 MB in UTF-16).
    expect(retainedGrowth).toBeLessThan(16 * MB);
    expect(rssGrowth).toBeLessThan(size / 2);
  });
});

describe.each(backendTable)('importing a file of 200 formations into the database, on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'blablaform-lheo-'));
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every formation, with its places and sessions, from the file as a stream', async () => {
    const file = path.join(dir, 'offres.xml');
    await writeLheo(file, { count: 200 });
    expect(await importLheo(new CatalogueStore(database.prisma), createReadStream(file))).toEqual({ created: 200, updated: 0, unchanged: 0, skipped: [] });
    expect(await database.prisma.offer.count({ where: { source: 'lheo' } })).toBe(200);
    const last = await database.prisma.offer.findUniqueOrThrow({ where: { source_sourceId: { source: 'lheo', sourceId: 'F-199' } }, include: { places: true, sessions: true } });
    expect(last).toMatchObject({ title: expect.stringMatching(/cariste/i), kind: 'DIPLOMA' });
    expect(last.places.length).toBeGreaterThan(0);
    expect(last.sessions.length).toBeGreaterThan(0);
  });
});

describe('LHEO files that break the rules', () => {
  async function* text(...parts: string[]) {
    for (const part of parts) yield part;
  }
  const refusal = async (input: LheoInput) => {
    try {
      for await (const _item of readLheo(input)) {
        // reading
      }
    } catch (err) {
      if (err instanceof ImportError) return err.message;
      throw err;
    }
    throw new Error('the file was accepted');
  };

  it('refuses, in French and with where, a character XML forbids (a control character, NUL)', async () => {
    const withBell = FIXTURE.replace("Cariste d'entrepôt", "Cariste\u0007 d'entrepôt");
    expect(await refusal(text(withBell))).toMatch(/^XML mal formé : caractère interdit en XML \(un caractère de contrôle, par exemple\) \(ligne \d+, colonne \d+\)$/);
    expect(await refusal(text(FIXTURE.replace("Cariste d'entrepôt", 'Cariste &#0; entrepôt')))).toMatch(/^XML mal formé : /);
    expect(await refusal(text(`${HEAD}</formation>${TAIL}`))).toMatch(/^XML mal formé : balise fermante <\/formation> sans balise ouvrante|^XML mal formé : balise fermante inattendue/);
  });

  it('skips a formation of several megabytes with the reason, keeping nothing of it, and imports the others', async () => {
    const huge = FORMATION.replace('numero="F-CARISTE"', 'numero="F-ENORME"').replace('</objectif-formation>', `${'Très long. '.repeat(300_000)}</objectif-formation>`);
    const items = [];
    for await (const item of readLheo(text(HEAD, FORMATION.replace('F-CARISTE', 'F-1'), huge, FORMATION.replace('F-CARISTE', 'F-2'), TAIL))) items.push(item);
    expect(items.map((i) => ('offer' in i ? i.offer.sourceId : i.skipped))).toEqual([
      'F-1',
      { sourceId: 'F-ENORME', reason: expect.stringMatching(new RegExp(`^formation de plus de ${MAX_FORMATION_CHARS.toLocaleString('fr-FR')} caractères \\(ligne \\d+\\) : trop volumineuse pour être lue$`)) },
      'F-2',
    ]);
  });
});
