// The demand dashboard over HTTP, against the real application: the page comes with a strict CSP and
// Chart.js from node_modules; its data, under /console/api/dashboard/ (where the console's session
// cookie goes), is for signed-in analysts only; filters are checked; the stats export as CSV.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startBot, type RunningBot } from './support/app';
import { inDays, need, PLACES } from './support/demandNeeds';
import { parisToday } from '../services/understanding/deadline';

const PASSWORD = 'un mot de passe assez long';

/** Two logistics companies near each other (a viable pool of caristes), and a restaurant outside the Métropole. */
async function recordDemand(bot: RunningBot): Promise<void> {
  const origin = (userId: string) => ({ channelId: 'test', conversationId: `conv-${userId}`, userId });
  await bot.app.needs.record(
    [need('caristes', 'N1101', 'N', 5, PLACES.venissieux, 90), need('soudeurs', 'H2913', 'H', 2, PLACES.venissieux, 120)],
    origin('a'),
    { name: 'Transports Rhône Express', size: '35', sector: 'Logistique' },
    true,
  );
  await bot.app.needs.record([need('caristes', 'N1101', 'N', 4, PLACES.bron, 75)], origin('b'), { name: 'Entrepôts de Bron', size: '120', sector: 'Logistique' }, true);
  await bot.app.needs.record([need('cuisiniers', 'G1602', 'G', 6, PLACES.villefranche, 60)], origin('c'), { name: 'Hôtel de la Saône', size: '8', sector: 'Hôtellerie' });
}

/** An advisor's browser, as far as the server can tell: the session cookie. */
async function signIn(bot: RunningBot, email: string): Promise<(route: string) => Promise<Response>> {
  const response = await fetch(`${bot.app.url}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (route) => fetch(`${bot.app.url}${route}`, { headers: { cookie } });
}

describe('the demand dashboard over HTTP', () => {
  let bot: RunningBot;
  let analyst: (route: string) => Promise<Response>;

  beforeAll(async () => {
    bot = await startBot();
    await bot.app.advisors.add({ email: 'analyste@grandlyon.fr', password: PASSWORD, name: 'Alex Analyste', roles: ['ANALYST'] });
    await bot.app.advisors.add({ email: 'conseil@crij.fr', password: PASSWORD, name: 'Camille Conseil', roles: ['ADVISOR'] });
    await recordDemand(bot);
    analyst = await signIn(bot, 'analyste@grandlyon.fr');
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
  });

  it('serves the page with a strict content security policy, and revalidates it by etag', async () => {
    for (const page of ['/dashboard', '/dashboard/']) {
      const response = await fetch(`${bot.app.url}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await response.text();
      expect(html).toContain('<script src="/dashboard/chart.js" defer></script>');
      expect(html).not.toMatch(/<script>|<style|style="|https?:\/\//);
    }
    const first = await fetch(`${bot.app.url}/dashboard/dashboard.js`);
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const again = await fetch(`${bot.app.url}/dashboard/dashboard.js`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${bot.app.url}/dashboard/dashboard.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves Chart.js from node_modules, kept a week and revalidated by its version', async () => {
    const packageJson = path.join(path.dirname(require.resolve('chart.js')), '..', 'package.json');
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
    const response = await fetch(`${bot.app.url}/dashboard/chart.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=604800');
    expect(response.headers.get('etag')).toBe(`"chartjs-${version}"`);
    const body = await response.text();
    expect(body).toContain(`Chart.js v${version}`);
    expect(body).not.toContain('sourceMappingURL');
    const again = await fetch(`${bot.app.url}/dashboard/chart.js`, { headers: { 'if-none-match': `"chartjs-${version}"` } });
    expect(again.status).toBe(304);
  });

  it('refuses the data without a session (401), and to an advisor without the analyst role (403), in French', async () => {
    for (const route of ['/console/api/dashboard/stats', '/console/api/dashboard/stats.csv', '/console/api/dashboard/gap', '/console/api/dashboard/pools']) {
      const anonymous = await fetch(`${bot.app.url}${route}`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: 'Session expirée ou absente : reconnectez-vous.' });
    }
    const advisor = await signIn(bot, 'conseil@crij.fr');
    for (const route of ['/console/api/dashboard/stats?groupBy=domain', '/console/api/dashboard/stats.csv', '/console/api/dashboard/gap', '/console/api/dashboard/pools']) {
      const refused = await advisor(route);
      expect([route, refused.status]).toEqual([route, 403]);
      expect(await refused.json()).toEqual({ error: 'Accès réservé aux analystes : votre compte n’a pas ce rôle.' });
    }
  });

  it('answers an analyst the stats by domain, fiche and commune, never to be cached', async () => {
    const response = await analyst('/console/api/dashboard/stats?groupBy=domain');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stats = await response.json();
    expect(stats.total).toEqual({ needs: 4, headcount: 17 });
    expect(stats.rows.find((r: { key: string }) => r.key === 'N')).toMatchObject({ needs: 2, headcount: 9, label: 'Transport et Logistique' });
    expect(stats.trend.weeks).toHaveLength(12);
    expect(stats.trend.months).toHaveLength(12);

    const byCommune = await (await analyst('/console/api/dashboard/stats?groupBy=commune&territory=metropole')).json();
    expect(byCommune.total).toEqual({ needs: 3, headcount: 11 });
    expect(byCommune.rows.map((r: { label: string }) => r.label).sort()).toEqual(['Bron', 'Vénissieux']);

    const thisMonth = parisToday().slice(0, 7); // the needs were recorded a moment ago
    const bron = await (await analyst(`/console/api/dashboard/stats?groupBy=rome&territory=69029&from=${thisMonth}&to=${thisMonth}`)).json();
    expect(bron.rows).toEqual([expect.objectContaining({ key: 'N1101', needs: 1, headcount: 4 })]);
  });

  it('answers an analyst the gap with the offer and the viable pools', async () => {
    const gap = await (await analyst(`/console/api/dashboard/gap?by=rome&territory=all&before=${inDays(365)}`)).json();
    expect(gap.query).toMatchObject({ by: 'rome', territory: { kind: 'all' }, before: inDays(365) });
    expect(gap.rows.map((r: { key: string }) => r.key).sort()).toEqual(['G1602', 'H2913', 'N1101']);
    expect(gap.rows.find((r: { key: string }) => r.key === 'N1101')).toMatchObject({ needs: 2, demanded: 9 });

    const { pools } = await (await analyst('/console/api/dashboard/pools?territory=metropole&viable=true')).json();
    expect(pools).toEqual([expect.objectContaining({ rome: 'N1101', headcount: 9, companies: 2, viable: true })]);
    expect(pools[0].members.map((m: { company: { name: string } }) => m.company.name).sort()).toEqual(['Entrepôts de Bron', 'Transports Rhône Express']);
    const outside = await (await analyst('/console/api/dashboard/pools?territory=outside')).json();
    expect(outside).toEqual({ pools: [] });
  });

  it('exports the stats as CSV for a French spreadsheet: a BOM, « ; », an attachment named for the filters', async () => {
    const response = await analyst('/console/api/dashboard/stats.csv?groupBy=domain&territory=metropole');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="demande-domain-metropole.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('code;libellé;besoins;personnes à former');
    expect(lines).toContain('N;Transport et Logistique;2;9');
    expect(lines).toHaveLength(3); // N and H: the restaurant is outside the Métropole
  });

  it('refuses bad filters with a 400 that says which one and what it expects', async () => {
    const cases: [string, RegExp][] = [
      ['/console/api/dashboard/stats?groupBy=colour', /groupBy/],
      ['/console/api/dashboard/stats?from=2026-13', /from/],
      ['/console/api/dashboard/stats?from=2026-06&to=2026-01', /from/],
      ['/console/api/dashboard/stats?territory=paris', /territory/],
      ['/console/api/dashboard/stats?groupBy=domain&limit=3', /paramètre inconnu : limit/],
      ['/console/api/dashboard/stats.csv?territory=metropole&territory=outside', /paramètre répété : territory/],
      ['/console/api/dashboard/gap?by=commune', /by/],
      ['/console/api/dashboard/gap?before=2026-02-30', /before/],
      ['/console/api/dashboard/gap?before=2020-01-01', /before : une date à venir/],
      ['/console/api/dashboard/pools?viable=oui', /viable/],
      ['/console/api/dashboard/pools?territory=69', /territory/],
    ];
    for (const [route, problem] of cases) {
      const response = await analyst(route);
      expect({ route, status: response.status }).toEqual({ route, status: 400 });
      const { error } = await response.json();
      expect(error).toMatch(/^Filtres invalides : /);
      expect(error).toMatch(problem);
    }
  });
});
