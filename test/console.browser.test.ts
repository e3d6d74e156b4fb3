// The advisors' console in a real browser (Debian's headless Chromium driven by playwright-core), with
// a person on Telegram (the fake Bot API): the person asks for a human, the request appears live in
// the console, the advisor takes it, reads what the person typed (as text, even when it looks like
// HTML), answers on Telegram, hands the conversation to the orientation questionnaire, and gets its
// result and the conversation back, live. Skipped when /usr/bin/chromium is absent (CI installs it).
// Keeps screenshots in test/artifacts/ (git-ignored).
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { App } from '../index';
import { TEXT as HANDOVER_TEXT } from '../dialogs/handover';
import { FakeTelegram } from './support/fakeTelegram';
import { byPolling, startTelegramBot, TelegramChat } from './support/telegramChat';
import { ARTIFACTS, describeWithChromium, openBrowser, type Browser } from './support/browser';

const EMAIL = 'camille.martin@crij.fr';
const PASSWORD = 'un mot de passe assez long';
const WAIT = { timeout: 10_000 };
const PAYLOAD = '<b>salut</b><script>window.pwned=1</script>';

/** Polls until `check` returns something, for at most `timeoutMs`. */
async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithChromium('the advisors’ console in Chromium, with a person on Telegram', () => {
  const fake = new FakeTelegram();
  let app: App;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    await fake.start();
    app = await startTelegramBot(fake);
    await app.advisors.add({ email: EMAIL, password: PASSWORD, name: 'Camille Martin' });
    // Before signing in, the page asks whether a session is open: its 401 is the expected « no ».
    browser = await openBrowser({ viewport: { width: 1366, height: 800 }, timezoneId: 'Europe/Paris' }, (message) => message.location().url.endsWith('/console/api/me'));
    ({ page, problems } = browser);
    page.setDefaultTimeout(10_000);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fake.stop();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `console-${name}.png`) });

  it('takes a conversation live, shows what the person typed as text, answers, and gets a dialog’s result back', async () => {
    const person = new TelegramChat(fake, byPolling(fake));
    const received = () => fake.messagesTo(person.chatId).map((c) => String(c.params.text));

    // Signing in.
    await page.goto(`${app.url}/console`);
    await page.locator('#login-form').waitFor(WAIT);
    await shot('login');
    await page.getByLabel('Adresse e-mail').fill(EMAIL);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#console').waitFor(WAIT);
    await expect(page.locator('#advisor-name').textContent()).resolves.toBe('Camille Martin');
    await page.locator('#live.on').waitFor(WAIT); // the event stream is open
    await page.locator('#queue-empty').waitFor(WAIT);

    // The person asks for a human; the request appears without any reload.
    await person.say('bonjour');
    await person.say('parler à un conseiller');
    const item = page.getByTestId('queue-item');
    await item.waitFor(WAIT);
    await expect(item.textContent()).resolves.toMatch(/Telegram.*a demandé un conseiller.*en attente/s);
    await item.click();
    await page.getByTestId('conversation').waitFor(WAIT);
    await expect(page.locator('#summary').textContent()).resolves.not.toBe('');
    await shot('queue');

    // Taking it: the person is told, on Telegram.
    await page.getByRole('button', { name: 'Prendre' }).click();
    await page.locator('#reply-form').waitFor(WAIT);
    await expect(page.locator('#conversation-status').textContent()).resolves.toBe('pris par vous');
    await eventually('the take-over announced on Telegram', () => received().some((t) => t.startsWith('Camille Martin, conseiller·e du CRIJ')));

    // What the person types shows as they typed it, live: text, never markup or script.
    await person.say(PAYLOAD);
    const typed = page.getByTestId('line-person').filter({ hasText: PAYLOAD });
    await typed.waitFor(WAIT);
    await expect(typed.locator('p').textContent()).resolves.toBe(PAYLOAD);
    await expect(page.locator('#transcript b, #transcript script, #queue-list b, #queue-list script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).resolves.toBeUndefined();

    // The advisor answers; the person receives it on Telegram.
    const answer = 'Bonjour ! Je suis Camille, du CRIJ. Je vais vous poser quelques questions via le bot.';
    await page.getByLabel(/Votre réponse/).fill(answer);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await eventually('the reply on Telegram', () => received().some((t) => t.includes(answer)));
    const answered = page.getByTestId('line-advisor').filter({ hasText: answer });
    await answered.waitFor(WAIT);
    await expect(answered.locator('p').textContent()).resolves.toBe(answer);
    await shot('taken');

    // The orientation questionnaire, with the conversation back afterwards (the box is checked by default).
    await expect(page.locator('#dialog-choice option:checked').textContent()).resolves.toBe('Questionnaire d’orientation');
    await expect(page.getByLabel('me rendre la conversation ensuite').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Confier à un dialogue' }).click();
    await eventually('the questionnaire starting on Telegram', () => received().includes(HANDOVER_TEXT.guidedIntro.orientation));
    await page.locator('#conversation-view[data-status="DIALOG"]').waitFor(WAIT);
    await expect(page.locator('#conversation-status').textContent()).resolves.toMatch(/^avec le bot \(Questionnaire d’orientation\)/);
    await expect(page.locator('#reply-form').isHidden()).resolves.toBe(true);

    // The person answers on Telegram until the results: « passer » to the profile, an interest, no digital check.
    for (let turn = 0; turn < 12 && !received().includes(HANDOVER_TEXT.backToAdvisor); turn++) {
      const last = received().at(-1) ?? '';
      const answerTo = /Qu’est-ce qui vous intéresse/.test(last) ? 'j’aime bricoler' : /bases en numérique/.test(last) ? 'non' : 'passer';
      await person.say(answerTo);
    }
    expect(received()).toContain(HANDOVER_TEXT.backToAdvisor);

    // The result arrives in the console, live, and the conversation is the advisor's again.
    const result = page.getByTestId('note-result');
    await result.waitFor(WAIT);
    await expect(result.locator('strong').textContent()).resolves.toMatch(/^Résultat du dialogue/);
    await expect(result.locator('p').textContent()).resolves.toMatch(/bricoler/);
    await page.locator('#conversation-view[data-status="ASSIGNED"]').waitFor(WAIT);
    await page.locator('#reply-form').waitFor(WAIT);
    await expect(page.locator('#conversation-status').textContent()).resolves.toBe('pris par vous');
    await shot('result');

    expect(problems).toEqual([]);
  }, 60_000);

  it('says so, in the message area, when a colleague took the conversation first', async () => {
    const { account: colleague } = await app.advisors.add({ email: 'dominique@crij.fr', password: PASSWORD, name: 'Dominique' });
    const person = new TelegramChat(fake, byPolling(fake));
    await person.say('bonjour');
    await person.say('parler à un conseiller');
    const handoff = await app.handoffs.open({ channelId: 'telegram', conversationId: app.pseudonyms.of('telegram', String(person.chatId)) });
    expect(handoff).toBeDefined();

    // A second tab, signed in with the same session but without live updates: it still shows « Prendre ».
    const tab = await browser.context.newPage();
    try {
      await tab.route('**/console/api/events', (route) => route.abort());
      await tab.goto(`${app.url}/console`);
      const item = tab.locator(`[data-testid="queue-item"][data-id="${handoff!.id}"]`);
      await item.click(WAIT);
      await tab.locator(`#conversation-view[data-id="${handoff!.id}"]`).waitFor(WAIT);
      expect(await app.desk.take(handoff!.id, { id: colleague.id, name: 'Dominique' })).toEqual({ ok: true });

      await tab.getByRole('button', { name: 'Prendre' }).click();
      const message = tab.getByTestId('message');
      await message.waitFor(WAIT);
      await expect(message.textContent()).resolves.toMatch(/quelqu’un l’a déjà prise/);
      await expect(message.getAttribute('data-kind')).resolves.toBe('error');
      await tab.locator('#conversation-status', { hasText: 'pris par Dominique' }).waitFor(WAIT);
      await expect(tab.locator('#take').isHidden()).resolves.toBe(true);
      await tab.screenshot({ path: path.join(ARTIFACTS, 'console-conflict.png') });
    } finally {
      await tab.close();
    }

    // Signing out ends the session: the sign-in form is back, and the server forgot the session.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.locator('#login-form').waitFor(WAIT);
    await expect(page.locator('#console').isHidden()).resolves.toBe(true);
    await expect(page.evaluate(() => fetch('/console/api/me').then((r) => r.status))).resolves.toBe(401);
    expect(problems).toEqual([]);
  }, 30_000);
});
