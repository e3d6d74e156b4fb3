// The gap, pools and need-change API over real HTTP: the bearer token first, 400s that name what is
// wrong, the shapes the dashboard reads, and a change to a need that the pools show at once.
import type { Gap, Pool } from '../services/demand/types';
import type { CompleteNeed, StoredNeed } from '../services/needs';
import { startBot, type RunningBot } from './support/app';

const TOKEN = 'jeton-de-test-0123456789abcdef';
// Today is 2026-11-25 in Paris; the app loads the starter catalogue's sessions from that day.
const NOW = () => new Date('2026-11-25T10:00:00+01:00');

function cariste(overrides: { headcount?: number; start?: string | null; end?: string; insee?: string; name?: string; rome?: string } = {}): CompleteNeed {
  const { headcount = 4, start = '2027-01-01', end = '2027-02-28', insee = '69259', name = 'Vénissieux', rome = 'N1101' } = overrides;
  return {
    description: `${headcount} caristes`,
    occupation: { said: 'caristes', rome, romeLabel: 'Conduite d’engins', domain: rome[0], domainLabel: 'Transport et Logistique', confidence: 0.9 },
    headcount: { said: String(headcount), value: headcount, approximate: false },
    deadline: { said: `d’ici ${end}`, start, end, urgent: false },
    place: { said: name, insee, name, inMetropole: true },
    modality: null,
  };
}

async function call<T = Record<string, unknown>>(bot: RunningBot, path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, headers, ...rest } = init;
  const response = await fetch(`${bot.app.url}${path}`, {
    ...rest,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: response.status, body: (await response.json()) as T & { error?: string } };
}

/** Changes a need, and waits for the pool invitations it may set off (none is delivered here). */
async function patch(bot: RunningBot, id: string, body: unknown) {
  const response = await call<StoredNeed>(bot, `/api/needs/${id}`, { method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body) });
  await bot.app.settled();
  return response;
}

// Without API_TOKEN every route answers 401: the same guard as the needs API (test/needsApi.test.ts).
describe('with API_TOKEN set', () => {
  let running: RunningBot;
  let alpha: StoredNeed;
  let beta: StoredNeed;
  const needs = () => running.app.needs;

  beforeAll(async () => {
    running = await startBot({ API_TOKEN: TOKEN }, { now: NOW });
    [alpha] = await needs().record([cariste()], { channelId: 'test', conversationId: 'c-alpha', userId: 'alpha' }, { name: 'Alpha Logistique', contact: 'rh@alpha.fr' }, true);
    [beta] = await needs().record(
      [cariste({ headcount: 3, insee: '69256', name: 'Vaulx-en-Velin', start: '2027-02-01', end: '2027-05-31' })],
      { channelId: 'test', conversationId: 'c-beta', userId: 'beta' },
      { name: 'Beta Transports', contact: '06 00 00 00 00' },
    );
    await needs().record([cariste({ rome: 'M1203', headcount: 2 })], { channelId: 'test', conversationId: 'c-gamma', userId: 'gamma' }, { name: 'Gamma' });
    // Alpha agreed to be told: its invitation cannot be delivered on the test channel, and is dropped.
    await running.app.settled();
  });
  afterAll(() => running.stop());

  it.each([
    ['GET', '/api/gap', null],
    ['GET', '/api/pools', 'un-autre-jeton-0123456789abcdef'],
    ['PATCH', '/api/needs/00000000-0000-4000-8000-000000000000', null],
  ])('answers 401 to %s %s without the right token', async (method, path, token) => {
    const response = await call(running, path, { method, token, body: method === 'PATCH' ? '{"headcount": 3}' : undefined });
    expect(response.status).toBe(401);
    expect(response.body.error).toMatch(/Authorization: Bearer/);
  });

  it('answers the gap by fiche, with the demonstration offers covering the caristes near Vénissieux', async () => {
    const { status, body } = await call<Gap>(running, '/api/gap');
    expect(status).toBe(200);
    expect(body.query).toEqual({ by: 'rome', territory: { kind: 'all' }, before: '2027-11-25', radiusKm: 15 });
    expect(body.rows).toEqual([
      { key: 'M1203', label: 'M1203 Comptabilité', needs: 1, demanded: 2, covered: 0, coverage: 0, offers: 0 },
      { key: 'N1101', label: "N1101 Conduite d'engins de déplacement des charges", needs: 2, demanded: 7, covered: 7, coverage: 1, offers: expect.any(Number) },
    ]);
    expect(body.rows[1].offers).toBeGreaterThan(0);
    expect(body.uncovered).toEqual([expect.objectContaining({ occupation: expect.objectContaining({ rome: 'M1203' }), company: 'Gamma' })]);
  });

  it('takes the grouping, territory, horizon and radius asked', async () => {
    const { status, body } = await call<Gap>(running, '/api/gap?by=domain&territory=69123&before=2027-12-31&radiusKm=5');
    expect(status).toBe(200);
    expect(body).toEqual({ query: { by: 'domain', territory: { kind: 'commune', insee: '69123' }, before: '2027-12-31', radiusKm: 5 }, rows: [], uncovered: [] });
    const metropole = await call<Gap>(running, '/api/gap?by=domain&territory=metropole');
    expect(metropole.body.rows.map((r) => [r.key, r.demanded, r.covered])).toEqual([
      ['M', 2, 0],
      ['N', 7, 7],
    ]);
  });

  it.each([
    ['by=fiche', /by : rome ou domain/],
    ['territory=Lyon', /territory : all, metropole, outside ou un code INSEE/],
    ['before=2026-11-24', /before : date passée/],
    ['before=2027-02-30', /before : date impossible/],
    ['before=demain', /before : date attendue au format AAAA-MM-JJ/],
    ['radiusKm=-1', /radiusKm : un nombre de kilomètres, 0 ou plus/],
    ['radiusKm=loin', /radiusKm : un nombre de kilomètres attendu/],
    ['rayon=5&commune=69259', /paramètre inconnu : rayon, commune/],
    ['by=rome&by=domain', /paramètre répété : by/],
  ])('answers 400 to GET /api/gap?%s, naming the parameter', async (query, message) => {
    const response = await call(running, `/api/gap?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
  });

  it('lists the pools with company names and neither contacts nor who spoke', async () => {
    const { status, body } = await call<{ pools: Pool[] }>(running, '/api/pools');
    expect(status).toBe(200);
    expect(body.pools).toEqual([
      expect.objectContaining({
        id: alpha.id,
        rome: 'N1101',
        romeLabel: "Conduite d'engins de déplacement des charges",
        headcount: 7,
        companies: 2,
        viable: false,
        members: [
          expect.objectContaining({ needId: alpha.id, company: { id: alpha.company!.id, name: 'Alpha Logistique' }, consent: true, invitation: null }),
          expect.objectContaining({ needId: beta.id, company: { id: beta.company!.id, name: 'Beta Transports' }, consent: false }),
        ],
      }),
    ]);
    expect(JSON.stringify(body)).not.toMatch(/rh@alpha|06 00|c-alpha|"alpha"|"beta"/);
    expect((await call<{ pools: Pool[] }>(running, '/api/pools?rome=n1101&territory=69259')).body.pools).toHaveLength(1);
    expect((await call<{ pools: Pool[] }>(running, '/api/pools?rome=M1203')).body.pools).toEqual([]);
    expect((await call<{ pools: Pool[] }>(running, '/api/pools?viable=true')).body.pools).toEqual([]);
    expect((await call<{ pools: Pool[] }>(running, '/api/pools?territory=outside')).body.pools).toEqual([]);
  });

  it.each([
    ['rome=cariste', /rome : un code de fiche ROME/],
    ['viable=oui', /viable : true ou false/],
    ['territory=rhone', /territory : /],
    ['viableOnly=true', /paramètre inconnu : viableOnly/],
  ])('answers 400 to GET /api/pools?%s', async (query, message) => {
    const response = await call(running, `/api/pools?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
  });

  it('changes the headcount of a need, and the pool shows it at once', async () => {
    const { status, body } = await patch(running, beta.id, { headcount: 5 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: beta.id, headcount: { value: 5, said: '5', approximate: false }, status: 'confirmed' });
    const { body: after } = await call<{ pools: Pool[] }>(running, '/api/pools?viable=true');
    expect(after.pools).toEqual([expect.objectContaining({ id: alpha.id, headcount: 9, viable: true })]);
  });

  it('moves a deadline, keeping its start unless it comes after the new end', async () => {
    const kept = await patch(running, beta.id, { deadlineEnd: '2027-04-30' });
    expect(kept.body.deadline).toEqual({ said: '2027-04-30', start: '2027-02-01', end: '2027-04-30', urgent: false });
    const dropped = await patch(running, beta.id, { deadlineEnd: '2027-01-15' });
    expect(dropped.body.deadline).toEqual({ said: '2027-01-15', start: null, end: '2027-01-15', urgent: false });
    // Beta now ends first: it seeds the pool, anchored at Vaulx-en-Velin.
    const { body } = await call<{ pools: Pool[] }>(running, '/api/pools');
    expect(body.pools).toEqual([expect.objectContaining({ id: beta.id, anchor: { insee: '69256', name: 'Vaulx-en-Velin' } })]);
  });

  it('withdraws a need: the pool breaks and the gap no longer counts it; confirming it again brings them back', async () => {
    const { status, body } = await patch(running, beta.id, { status: 'withdrawn' });
    expect(status).toBe(200);
    expect(body.status).toBe('withdrawn');
    expect((await call<{ pools: Pool[] }>(running, '/api/pools')).body.pools).toEqual([]);
    expect((await call<Gap>(running, '/api/gap?territory=69259')).body.rows).toEqual([
      expect.objectContaining({ key: 'M1203', needs: 1, demanded: 2 }),
      expect.objectContaining({ key: 'N1101', needs: 1, demanded: 4 }),
    ]);
    await patch(running, beta.id, { status: 'confirmed', deadlineEnd: '2027-03-31' });
    expect((await call<{ pools: Pool[] }>(running, '/api/pools')).body.pools).toHaveLength(1);
  });

  it.each([
    ['00000000-0000-4000-8000-000000000000'],
    ['pas-un-id'],
  ])('answers 404 to a change of the unknown need %s', async (id) => {
    const response = await patch(running, id, { headcount: 3 });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/Besoin inconnu/);
  });

  it.each([
    ['an empty body', '', /vide/],
    ['a body that is not JSON', '{"headcount": ', /JSON invalide/],
    ['nothing to change', {}, /rien à changer/],
    ['a body that is not an object', [3], /un objet JSON est attendu/],
    ['no one to train', { headcount: 0 }, /headcount : au moins 1/],
    ['too many people', { headcount: 10001 }, /headcount : 10000 au plus/],
    ['a fraction of a person', { headcount: 2.5 }, /headcount : un nombre entier/],
    ['a headcount as text', { headcount: '4' }, /headcount : un nombre entier/],
    ['a deadline in the past', { deadlineEnd: '2026-11-24' }, /deadlineEnd : date passée/],
    ['an impossible deadline', { deadlineEnd: '2027-02-30' }, /deadlineEnd : date impossible/],
    ['an unknown status', { status: 'deleted' }, /status : withdrawn ou confirmed/],
    ['an unknown field', { headcount: 3, contact: 'x@y.fr' }, /champ inconnu : contact/],
  ])('answers 400 to a change with %s', async (_what, body, message) => {
    const response = await patch(running, alpha.id, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
    expect((await needs().get(alpha.id))?.headcount.value).toBe(4);
  });
});
