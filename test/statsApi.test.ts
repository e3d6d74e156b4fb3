// The stats API over real HTTP: the bearer token, French 400s naming what is wrong, JSON and CSV
// answers with their headers, the open data masked, and a need confirmed in a conversation with the
// bot counted in the very next answer.
import restify from 'restify';
import { registerStatsApi } from '../bots/api/statsApi';
import type { DemandStats } from '../services/demand/types';
import { createLogger } from '../services/logger';
import type { CompleteNeed } from '../services/needs';
import { startBot, type RunningBot } from './support/app';

const TOKEN = 'jeton-de-test-0123456789abcdef';
const NOW = () => new Date('2026-11-25T10:00:00+01:00');
const logger = createLogger('silent');

async function get(base: string, path: string, token: string | null = TOKEN) {
  const response = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer()); // keeps the BOM, which text() drops
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

/** The routes on a server of their own, answering with the stats given. */
async function serve(stats: DemandStats, apiToken: string | undefined) {
  const server = restify.createServer();
  registerStatsApi(server, { stats, apiToken, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('without API_TOKEN set', () => {
  it('refuses with 401 and says why', async () => {
    const stats: DemandStats = { stats: () => Promise.reject(new Error('not called')), openData: () => Promise.reject(new Error('not called')) };
    const server = await serve(stats, undefined);
    try {
      for (const path of ['/api/needs/stats', '/api/needs/open-data']) {
        const { status, json } = await get(server.url, path);
        expect(status).toBe(401);
        expect(json?.error).toMatch(/API_TOKEN/);
      }
    } finally {
      await server.close();
    }
  });
});

describe('with API_TOKEN set', () => {
  let bot: RunningBot;
  let api: string;

  const need = (rome: string, label: string, headcount: number, insee: string, name: string): CompleteNeed => ({
    description: `${headcount} personnes, ${label}`,
    occupation: { said: label, rome, romeLabel: label, domain: rome[0], domainLabel: null, confidence: 0.9 },
    headcount: { said: String(headcount), value: headcount, approximate: false },
    deadline: { said: 'fin mars', start: null, end: '2027-03-31', urgent: false },
    place: { said: name, insee, name, inMetropole: insee.startsWith('69') },
    modality: null,
  });
  const record = (user: string, needs: CompleteNeed[], sector?: string) => bot.app.needs.record(needs, { channelId: 'test', conversationId: `conv-${user}`, userId: user }, { sector });

  beforeAll(async () => {
    bot = await startBot({ API_TOKEN: TOKEN }, { now: NOW });
    api = bot.app.url;
    await record('u1', [need('N1101', 'caristes', 4, '69259', 'Vénissieux'), need('H2913', 'soudeurs', 2, '69383', 'Lyon 3e Arrondissement')], 'Logistique');
    await record('u2', [need('N1101', 'caristes', 3, '69123', 'Lyon')], '=1+1');
    await record('u3', [need('N1101', 'caristes', 1, '38185', 'Grenoble'), need('M1101', 'acheteurs', 2, '38185', 'Grenoble')]);
  });
  afterAll(() => bot?.stop());

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'un-autre-jeton-0123456789abcdef'],
  ])('answers 401 to %s', async (_what, token) => {
    for (const path of ['/api/needs/stats', '/api/needs/open-data?format=csv']) {
      const { status, json, headers } = await get(api, path, token);
      expect(status).toBe(401);
      expect(json?.error).toMatch(/Authorization: Bearer/);
      expect(headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it.each([
    ['an unknown parameter, named', '?groupBy=rome&commune=69123&foo=1', 'Requête invalide : paramètre inconnu : commune, foo (attendus : groupBy, from, to, territory, format).'],
    ['a repeated parameter', '?groupBy=rome&groupBy=domain', 'Requête invalide : paramètre répété : groupBy.'],
    ['an unknown grouping', '?groupBy=metier', 'Requête invalide : groupBy : attendu l’un de domain, rome, commune, deadlineMonth, deadlineQuarter, size, sector.'],
    ['a month that is not one', '?from=2026-13', 'Requête invalide : from : un mois au format AAAA-MM, par exemple 2026-03.'],
    ['a period backwards', '?from=2026-06&to=2026-01', 'Requête invalide : from : le mois de début (2026-06) vient après celui de fin (2026-01).'],
    ['a territory that is not one', '?territory=lyon', expect.stringMatching(/^Requête invalide : territory : attendu all, metropole, outside ou le code INSEE/)],
    ['a commune that does not exist', '?territory=69999', 'Requête invalide : territory : aucune commune n’a le code INSEE 69999.'],
    ['an unknown format', '?format=xlsx', 'Requête invalide : format : json ou csv.'],
  ])('answers 400 in French to %s', async (_what, query, message) => {
    for (const path of ['/api/needs/stats', '/api/needs/open-data']) {
      const { status, json } = await get(api, `${path}${query}`);
      expect(status).toBe(400);
      expect(json?.error).toEqual(message);
    }
  });

  it('answers the stats in JSON, uncached, Lyon’s arrondissements counted as Lyon', async () => {
    const { status, json, headers } = await get(api, '/api/needs/stats?groupBy=commune&territory=metropole');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(json).toMatchObject({
      query: { groupBy: 'commune', territory: { kind: 'metropole' } },
      rows: [
        { key: '69123', label: 'Lyon', needs: 2, headcount: 5 },
        { key: '69259', label: 'Vénissieux', needs: 1, headcount: 4 },
      ],
      total: { needs: 3, headcount: 9 },
    });
    expect((json?.trend as { weeks: unknown[]; months: unknown[] }).weeks).toHaveLength(12);
    expect((json?.trend as { weeks: unknown[]; months: unknown[] }).months.at(-1)).toEqual(expect.objectContaining({ period: '2026-11' }));
  });

  it('answers the stats in CSV, with a total line, for spreadsheets', async () => {
    const { status, headers, text } = await get(api, '/api/needs/stats?groupBy=sector&format=csv');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="besoins-sector.csv"');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(text).toBe('\uFEFFclé;libellé;besoins;personnes\r\nlogistique;Logistique;2;6\r\n\'=1+1;\'=1+1;1;3\r\n?;Non précisé;2;3\r\ntotal;Total;5;12\r\n');
  });

  it('answers the open data, small cells masked, in JSON and in CSV', async () => {
    const json = await get(api, '/api/needs/open-data?groupBy=rome');
    expect(json.status).toBe(200);
    expect(json.json).toEqual({
      query: { groupBy: 'rome', territory: { kind: 'all' } },
      threshold: 3,
      rows: [
        { key: 'N1101', label: 'N1101 Conduite d\'engins de déplacement des charges', companies: 3, needs: 3, headcount: 8, masked: false },
        { key: 'H2913', label: 'H2913 Soudage manuel', companies: null, needs: null, headcount: null, masked: true },
        { key: 'M1101', label: 'M1101 Achats', companies: null, needs: null, headcount: null, masked: true },
      ],
    });
    const csv = await get(api, '/api/needs/open-data?groupBy=domain&format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="besoins-open-data-domain.csv"');
    expect(csv.text).toBe('\uFEFFclé;libellé;entreprises;besoins;personnes\r\nN;Transport et Logistique;3;3;8\r\nH;Industrie;secret;secret;secret\r\nM;Support à l\'entreprise;secret;secret;secret\r\n');
  });

  it('counts a need confirmed in a conversation with the bot in the very next answer', async () => {
    const before = (await get(api, '/api/needs/stats?groupBy=rome&territory=69259')).json as { rows: { key: string; needs: number; headcount: number }[] };
    const c = bot.conversation();
    for (const says of ['bonjour', 'Entreprise', 'On doit former 6 caristes d’ici fin février sur notre site de Vénissieux', 'en présentiel', 'passer', 'passer', 'passer', 'passer', 'passer']) await c.say(says);
    const saved = await c.say('oui');
    expect(saved[0].text).toMatch(/enregistré/);

    const after = (await get(api, '/api/needs/stats?groupBy=rome&territory=69259')).json as typeof before;
    expect(after.rows.find((r) => r.key === 'N1101')).toEqual({ ...before.rows.find((r) => r.key === 'N1101'), needs: 2, headcount: 10 });
  });
});
