// The chat page in a real browser (Debian's headless Chromium driven by playwright-core), against the
// real bot: the greeting appears before anyone types, a role button works, a typed message gets its
// answer, the page fits a phone, a reload carries on with the same conversation, and the script snippet
// works on another site's page. Skipped when /usr/bin/chromium is absent (CI installs it: .ci/run).
// Keeps screenshots in test/artifacts/ (git-ignored).
// NEEDS WIRING: uses the real app, so it fails until index.ts calls registerDirectLine and registerWebChat.
import { createServer } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEXT as WELCOME_TEXT } from '../dialogs/welcomeDialog';
import { TEXT as NEEDS_TEXT } from '../dialogs/needsDialog';
import { TEXT as ORIENTATION_TEXT } from '../dialogs/orientationDialog';
import { startBot, type RunningBot } from './support/app';
import { ARTIFACTS, describeWithChromium, openBrowser, type Browser } from './support/browser';


describeWithChromium('the web chat page in Chromium', () => {
  let bot: RunningBot;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    bot = await startBot({ DIRECTLINE_SECRET: 'a-browser-test-secret-of-32-characters-or-more' });
    browser = await openBrowser({ viewport: { width: 390, height: 760 }, isMobile: true, hasTouch: true });
    ({ page, problems } = browser);
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  /** A message of the transcript (Web Chat renders each as paragraphs, plus a hidden label for screen readers). */
  const message = (text: string) => page.locator('p', { hasText: text.slice(0, 40) });
  const waitFor = (text: string) => message(text).last().waitFor({ timeout: 20_000 });

  it('greets, takes a role from its button and a typed message, and answers, on a phone-sized screen', async () => {
    await page.goto(`${bot.app.url}/`);
    await expect(page.title()).resolves.toMatch(/BlablaForm/);
    await waitFor(WELCOME_TEXT.greeting);
    await page.locator('.webchat__connectivityStatus').waitFor({ state: 'hidden' }); // « Connexion en cours… » gone
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-greeting.png') });

    await page.getByRole('toolbar', { name: 'Actions suggérées' }).getByRole('button', { name: 'Entreprise', exact: true }).click();
    await waitFor(NEEDS_TEXT.askDescription);

    const input = page.getByRole('textbox').first();
    await input.fill('Nous devons former 3 soudeurs');
    await input.press('Enter');
    await waitFor(NEEDS_TEXT.ask.deadline);

    // The page is the screen: no sideways scrolling, the send box inside the viewport.
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    const box = await input.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(760);

    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });
    expect(problems).toEqual([]);
  });

  it('carries on with the same conversation after a reload, without greeting again', async () => {
    await page.reload();
    await waitFor(NEEDS_TEXT.ask.deadline);
    await expect(message(WELCOME_TEXT.greeting).count()).resolves.toBe(1);
    const input = page.getByRole('textbox').first();
    await input.fill('avant la fin de l’année');
    await input.press('Enter');
    await waitFor(NEEDS_TEXT.ask.place);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-after-reload.png') });
    expect(problems).toEqual([]);
  });

  it('runs embedded in another site’s page with the script snippet (CORS)', async () => {
    // The snippet given to the Métropole's and the CRIJ's sites, on a page of another origin.
    const site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="fr"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>Le site du CRIJ</h1>
        <div id="blablaform" style="height: 560px; max-width: 480px"></div>
        <script src="${bot.app.url}/webchat/webchat.js"></script>
        <script src="${bot.app.url}/webchat/chat.js" data-target="blablaform"></script>
      </body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const embedding = await browser.context.newPage();
      embedding.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      await embedding.goto(`http://127.0.0.1:${(site.address() as { port: number }).port}/`);
      await embedding.locator('#blablaform p', { hasText: WELCOME_TEXT.greeting.slice(0, 40) }).last().waitFor({ timeout: 20_000 });
      await embedding.getByRole('toolbar', { name: 'Actions suggérées' }).getByRole('button', { name: 'Je cherche une formation', exact: true }).click();
      await embedding.locator('#blablaform p', { hasText: ORIENTATION_TEXT.ask.age }).last().waitFor({ timeout: 20_000 });
      await embedding.screenshot({ path: path.join(ARTIFACTS, 'webchat-embedded.png') });
      await embedding.close();
      expect(problems).toEqual([]);
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
