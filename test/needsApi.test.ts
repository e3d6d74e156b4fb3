// The needs API over real HTTP: a bearer token (checked here on every route of the JSON API), clear
// 400s for bad input, analysis that stores nothing, and the listing of recorded needs with their filters.
import { createLogger } from '../services/logger';
import { startBot, type RunningBot } from './support/app';

const TOKEN = 'jeton-de-test-0123456789abcdef';
const NOW = () => new Date('2026-11-25T10:00:00+01:00');
const SENTENCE = 'On doit former 4 caristes au CACES R489 d’ici fin février sur notre site de Vénissieux';

async function call(bot: RunningBot, path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, headers, ...rest } = init;
  const response = await fetch(`${bot.app.url}${path}`, {
    ...rest,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/** Every route of the JSON API (bots/api/*): the token is checked before anything else. */
const API_ROUTES: [method: string, path: string][] = [
  ['POST', '/api/needs/analyze'],
  ['GET', '/api/needs'],
  ['GET', '/api/needs/stats'],
  ['GET', '/api/needs/open-data?format=csv'],
  ['PATCH', '/api/needs/00000000-0000-4000-8000-000000000000'],
  ['GET', '/api/gap'],
  ['GET', '/api/pools'],
  ['GET', '/api/offers'],
  ['POST', '/api/offers/import'],
];
const bodyFor = (method: string) => (method === 'GET' ? undefined : JSON.stringify({ text: SENTENCE }));

describe('without API_TOKEN set', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot({}, { now: NOW });
  });
  afterAll(() => bot.stop());

  it('refuses every call with 401 and says why, while the bot keeps answering', async () => {
    for (const [method, path] of API_ROUTES) {
      for (const token of [TOKEN, null]) {
        const { status, body } = await call(bot, path, { method, token, body: bodyFor(method) });
        expect([method, path, status, body.error]).toEqual([method, path, 401, 'API fermée : ce serveur n’a pas de jeton configuré (variable API_TOKEN).']);
      }
    }
    expect(await bot.conversation().say('bonjour')).toHaveLength(3);
  });
});

describe('logs', () => {
  it('write one line for each refused call, with the reason and without the text sent', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const bot = await startBot({ API_TOKEN: TOKEN, LOG_LEVEL: 'info' }, { now: NOW, logger });
    try {
      await call(bot, '/api/needs/analyze', { method: 'POST', token: 'mauvais-jeton-0123456789abcdef', body: JSON.stringify({ text: SENTENCE }) });
      await call(bot, '/api/needs/analyze', { method: 'POST', body: '{"text": "Garage Martin, 4 caristes' });
      const refused = lines.filter((l) => /api call refused/.test(String(l.msg)));
      expect(refused).toEqual([
        expect.objectContaining({ msg: 'api call refused: bad token', status: 401, url: '/api/needs/analyze' }),
        expect.objectContaining({ msg: 'api call refused', status: 400, problem: 'JSON invalide' }),
      ]);
      expect(JSON.stringify(lines)).not.toMatch(/Garage Martin|caristes|mauvais-jeton/);
    } finally {
      await bot.stop();
    }
  });
});

describe('with API_TOKEN set', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot({ API_TOKEN: TOKEN }, { now: NOW });
  });
  afterAll(() => bot.stop());

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'un-autre-jeton-0123456789abcdef'],
    ['a token that is a prefix of the right one', TOKEN.slice(0, -1)],
  ])('answers 401 to %s, on every route', async (_what, token) => {
    for (const [method, path] of API_ROUTES) {
      const { status, body, headers } = await call(bot, path, { method, token, body: bodyFor(method) });
      expect([method, path, status, body.error]).toEqual([method, path, 401, 'Jeton absent ou invalide : envoyez l’en-tête « Authorization: Bearer <API_TOKEN> ».']);
      expect(headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('analyses a text and returns each need with its fields, storing nothing', async () => {
    const { status, body } = await call(bot, '/api/needs/analyze', { method: 'POST', body: JSON.stringify({ text: SENTENCE }) });
    expect(status).toBe(200);
    expect(body.needs).toEqual([
      {
        occupation: expect.objectContaining({ said: expect.stringContaining('caristes'), rome: 'N1101', domain: 'N' }),
        headcount: { said: '4', value: 4, approximate: false },
        deadline: expect.objectContaining({ said: expect.stringContaining('fin février'), end: '2027-02-28', urgent: false }),
        place: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
        modality: null,
      },
    ]);
    expect((await bot.app.needs.list()).total).toBe(0);
  });

  it('finds several needs in one text', async () => {
    const { body } = await call(bot, '/api/needs/analyze', { method: 'POST', body: JSON.stringify({ text: '3 soudeurs et 2 comptables à Bron avant l’été' }) });
    const needs = body.needs as { headcount: { value: number }; place: { insee: string } }[];
    expect(needs.map((n) => [n.headcount.value, n.place.insee])).toEqual([
      [3, '69029'],
      [2, '69029'],
    ]);
  });

  it.each([
    ['a body that is not JSON', '{"text": ', /^JSON invalide/],
    ['an empty body', '', /vide/],
    ['no text field', '{"texte": "4 caristes"}', /"text"/],
    ['a text that is not a string', '{"text": 4}', /"text"/],
    ['an empty text', '{"text": "   "}', /"text" est vide/],
    ['a text over 5,000 characters', JSON.stringify({ text: 'x'.repeat(5001) }), /5000 caractères/],
    ['a body over 64 KiB', JSON.stringify({ text: 'x'.repeat(70_000) }), /trop volumineux/],
  ])('answers 400 with a clear message to %s', async (_what, body, message) => {
    const response = await call(bot, '/api/needs/analyze', { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
  });

  it('lists recorded needs with all their fields, filtered and paged', async () => {
    const analysis = await call(bot, '/api/needs/analyze', { method: 'POST', body: JSON.stringify({ text: SENTENCE }) });
    const [draft] = analysis.body.needs as Parameters<RunningBot['app']['needs']['record']>[0];
    await bot.app.needs.record([{ ...draft, description: SENTENCE }], { channelId: 'test', conversationId: 'c1', userId: 'u1' }, { name: 'Transports Dupont' });

    const all = await call(bot, '/api/needs');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect((all.body.needs as unknown[])[0]).toMatchObject({
      description: SENTENCE,
      occupation: { rome: 'N1101', domain: 'N' },
      headcount: { value: 4 },
      place: { insee: '69259' },
      company: { name: 'Transports Dupont' },
      status: 'confirmed',
    });
    expect((await call(bot, '/api/needs?domain=n&commune=69259&from=2020-01-01')).body.total).toBe(1);
    expect((await call(bot, '/api/needs?rome=M1203')).body.total).toBe(0);
    expect((await call(bot, '/api/needs?page=2&pageSize=1')).body.needs).toEqual([]);
  });

  it.each([
    ['domain=Z', /domain : une lettre de domaine ROME/],
    ['rome=cariste', /rome : un code de fiche ROME/],
    ['commune=Lyon', /commune : un code INSEE/],
    ['from=hier', /from : date attendue au format AAAA-MM-JJ/],
    ['pageSize=1000', /pageSize : 200 au plus/],
    ['communes=69259', /paramètre inconnu : communes/],
  ])('answers 400 to the filter %s, naming it', async (query, message) => {
    const response = await call(bot, `/api/needs?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
  });
});
