// The demand dashboard in a real browser (Debian's headless Chromium driven by playwright-core): an
// analyst signs in, reads the demand drawn by Chart.js (by domain and fiche, the trend), the communes,
// the gap with the offer and the pools, narrows the territory and sees the figures follow; what
// companies typed shows as text, even when it looks like HTML; the strict CSP is never violated. An
// advisor without the analyst role is told the page is not for them. Skipped when /usr/bin/chromium is
// absent (CI installs it). Keeps test/artifacts/dashboard.png (git-ignored), the whole page.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBot, type RunningBot } from './support/app';
import { need, PLACES } from './support/demandNeeds';
import { ARTIFACTS, describeWithChromium, openBrowser, type Browser } from './support/browser';

const PASSWORD = 'un mot de passe assez long';
const WAIT = { timeout: 10_000 };
const PAYLOAD = '<img src=x onerror=window.pwned=1>';

/** 25 people to train: 19 in the Métropole (of whom 4 in Bron), 6 outside it; caristes enough for a pool. */
async function recordDemand(bot: RunningBot): Promise<void> {
  const origin = (userId: string) => ({ channelId: 'test', conversationId: `conv-${userId}`, userId });
  await bot.app.needs.record(
    [need('caristes', 'N1101', 'N', 5, PLACES.venissieux, 90), need('soudeurs', 'H2913', 'H', 2, PLACES.venissieux, 120)],
    origin('a'),
    { name: 'Transports Rhône Express', size: '35', sector: 'Logistique' },
    true,
  );
  await bot.app.needs.record([need('caristes', 'N1101', 'N', 4, PLACES.bron, 75)], origin('b'), { name: `Entrepôts ${PAYLOAD}`, size: '120', sector: `Négoce ${PAYLOAD}` }, true);
  await bot.app.needs.record(
    [need('développeurs web', 'M1805', 'M', 3, PLACES.villeurbanne, 150), need('maçons', 'F1703', 'F', 5, PLACES.villeurbanne, 100)],
    origin('c'),
    { name: 'Numérique & Bâtiment', size: '12', sector: 'BTP' },
  );
  await bot.app.needs.record([need('cuisiniers', 'G1602', 'G', 6, PLACES.villefranche, 60)], origin('d'), { name: 'Hôtel de la Saône', size: '8', sector: 'Hôtellerie' });
}

describeWithChromium('the demand dashboard in Chromium', () => {
  let bot: RunningBot;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    bot = await startBot();
    await bot.app.advisors.add({ email: 'analyste@grandlyon.fr', password: PASSWORD, name: 'Alex Analyste', roles: ['ANALYST'] });
    await bot.app.advisors.add({ email: 'conseil@crij.fr', password: PASSWORD, name: 'Camille Conseil', roles: ['ADVISOR'] });
    await recordDemand(bot);
    // Charts drawn at once, without animation: what the test reads and the screenshot are final.
    // CSP violations are reported as console errors too. Before signing in, the page asks whether a
    // session is open: its 401 is the expected « no ».
    browser = await openBrowser(
      { viewport: { width: 1366, height: 900 }, timezoneId: 'Europe/Paris', reducedMotion: 'reduce' },
      (message) => message.location().url.endsWith('/console/api/me'),
    );
    ({ page, problems } = browser);
    page.setDefaultTimeout(10_000);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  /** The figures of a chart, as Chart.js holds them. */
  const chartData = (id: string) =>
    page.evaluate((canvasId) => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { data: number[] }[] } } | undefined } }).Chart.getChart(canvasId);
      return chart ? { labels: chart.data.labels, values: chart.data.datasets.map((d) => d.data) } : undefined;
    }, id);
  /** How many pixels of a canvas are painted. */
  const paintedPixels = (id: string) =>
    page.evaluate((canvasId) => {
      const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    }, id);
  const loaded = async (action: () => Promise<unknown>) => {
    const before = await page.locator('#dashboard').getAttribute('data-loaded');
    await action();
    await page.waitForFunction((previous) => {
      const dashboard = document.getElementById('dashboard')!;
      return dashboard.dataset.loaded !== undefined && dashboard.dataset.loaded !== previous && dashboard.getAttribute('aria-busy') === 'false';
    }, before, WAIT);
  };

  it('shows an analyst the demand, the gap and the pools, follows the territory filter, and shows what companies typed as text', async () => {
    await page.goto(`${bot.app.url}/dashboard`);
    await page.locator('#login-form').waitFor(WAIT);
    await page.getByLabel('Adresse e-mail').fill('analyste@grandlyon.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await loaded(() => page.getByRole('button', { name: 'Se connecter' }).click());
    await expect(page.locator('#analyst-name').textContent()).resolves.toBe('Alex Analyste');
    await expect(page.locator('#kpi-headcount').textContent()).resolves.toBe('25');
    await expect(page.locator('#kpi-needs').textContent()).resolves.toBe('6');

    // The bars: by domain, most people first, drawn on their canvas; the fiches likewise.
    const domains = await chartData('chart-domains');
    expect(domains?.values).toEqual([[9, 6, 5, 3, 2]]);
    expect(domains?.labels[0]).toBe('Transport et Logistique');
    expect(await paintedPixels('chart-domains')).toBeGreaterThan(2_000);
    await expect(page.locator('#chart-domains').getAttribute('aria-label')).resolves.toMatch(/^Demande par domaine : Transport et Logistique : 9 personnes \(2 besoins\)/);
    const fiches = await chartData('chart-fiches');
    expect(fiches?.labels[0]).toMatch(/^N1101 /);
    expect(fiches?.values[0][0]).toBe(9);
    expect(await paintedPixels('chart-fiches')).toBeGreaterThan(2_000);

    // The communes, most people first; sorted by name on request.
    const communes = page.getByTestId('commune-row');
    await expect(communes.locator('td:first-child').allTextContents()).resolves.toEqual(['Villeurbanne', 'Vénissieux', 'Villefranche-sur-Saône', 'Bron']);
    await page.getByRole('button', { name: 'Commune' }).click();
    await expect(communes.locator('td:first-child').allTextContents()).resolves.toEqual(['Bron', 'Vénissieux', 'Villefranche-sur-Saône', 'Villeurbanne']);

    // The trend: everything was recorded this week, this month.
    const weeks = await chartData('chart-weeks');
    expect(weeks?.values.map((v) => v.length)).toEqual([12, 12]);
    expect(weeks?.values.map((v) => v.at(-1))).toEqual([25, 6]);
    expect(await paintedPixels('chart-weeks')).toBeGreaterThan(2_000);
    expect((await chartData('chart-months'))?.values.map((v) => v.at(-1))).toEqual([25, 6]);

    // The gap and the pools.
    await expect(page.getByTestId('gap-row').count()).resolves.toBeGreaterThanOrEqual(5);
    await expect(page.getByTestId('gap-row').filter({ hasText: 'N1101' }).locator('td.num').allTextContents()).resolves.toEqual(['2', '9', expect.any(String), expect.any(String)]);
    const pool = page.getByTestId('pool-row');
    await expect(pool.count()).resolves.toBe(1);
    await expect(pool.textContent()).resolves.toMatch(/N1101.*9.*viable.*2 entreprises.*Transports Rhône Express/s);

    // What companies typed is text: no element made of it, no script run.
    await expect(page.getByTestId('sectors-table').locator('td', { hasText: `Négoce ${PAYLOAD}` }).count()).resolves.toBe(1);
    await expect(pool.locator('li', { hasText: `Entrepôts ${PAYLOAD}` }).count()).resolves.toBe(1);
    await expect(page.locator('#dashboard img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).resolves.toBeUndefined();

    // The export links carry the filters.
    await expect(page.getByRole('link', { name: 'Par commune' }).getAttribute('href')).resolves.toBe('/console/api/dashboard/stats.csv?groupBy=commune');

    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // The Métropole only: the restaurant of Villefranche leaves every figure.
    await page.getByLabel('Territoire').selectOption('metropole');
    await loaded(() => page.getByRole('button', { name: 'Appliquer' }).click());
    await expect(page.locator('#kpi-headcount').textContent()).resolves.toBe('19');
    await expect(page.getByTestId('commune-row').count()).resolves.toBe(3);
    expect((await chartData('chart-domains'))?.values).toEqual([[9, 5, 3, 2]]);
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/^Métropole de Lyon, .* 5 besoins pour 19 personnes\.$/);
    expect(new URL(page.url()).searchParams.get('territory')).toBe('metropole');
    await expect(page.getByRole('link', { name: 'Par commune' }).getAttribute('href')).resolves.toBe('/console/api/dashboard/stats.csv?groupBy=commune&territory=metropole');

    // One commune, chosen in the list the communes' rows filled.
    await page.getByLabel('Territoire').selectOption({ label: 'Bron' });
    await loaded(() => page.getByRole('button', { name: 'Appliquer' }).click());
    await expect(page.locator('#kpi-headcount').textContent()).resolves.toBe('4');
    await expect(page.getByTestId('commune-row').locator('td:first-child').allTextContents()).resolves.toEqual(['Bron']);

    expect(problems).toEqual([]);
  }, 30_000);

  it('tells an advisor without the analyst role, in French, that the dashboard is for analysts', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.locator('#login-form').waitFor(WAIT);
    await expect(page.evaluate(() => fetch('/console/api/me').then((r) => r.status))).resolves.toBe(401);

    await page.getByLabel('Adresse e-mail').fill('conseil@crij.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const forbidden = page.getByTestId('forbidden');
    await forbidden.waitFor(WAIT);
    await expect(forbidden.textContent()).resolves.toMatch(/Accès réservé aux analystes.*Camille Conseil.*n’a pas le rôle « analyste »/s);
    await expect(page.locator('#dashboard').isHidden()).resolves.toBe(true);
    expect(problems).toEqual([]);
  }, 20_000);
});
