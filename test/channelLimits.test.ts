// Facebook Messenger, through Azure Bot Service, refuses more than 13 quick replies, quick-reply titles
// over 20 characters and texts over 2,000 characters. Whatever the dialog, what reaches the facebook
// channel fits; a pressed quick reply comes back as its whole value.
import type { Activity } from 'botbuilder';
import { splitText } from '../bots/splitText';
import { startBot, type RunningBot } from './support/app';
import type { Conversation } from './support/conversation';

const NOW = () => new Date('2026-11-25T10:00:00+01:00');

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot({}, { now: NOW });
});
afterAll(() => bot.stop());

/** Everything the bot sent to this conversation, as the connector received it. */
const sent = (c: Conversation): Activity[] => bot.connector.messages(c.id);

function expectMessengerFit(c: Conversation) {
  for (const activity of sent(c)) {
    expect((activity.text ?? '').length).toBeLessThanOrEqual(2000);
    const actions = activity.suggestedActions?.actions ?? [];
    expect(actions.length).toBeLessThanOrEqual(13);
    for (const action of actions) expect(String(action.title).length).toBeLessThanOrEqual(20);
  }
}

async function sayAll(c: Conversation, lines: string[]) {
  for (const line of lines) await c.say(line);
}

describe('on Messenger', () => {
  it('the welcome, a company’s need and an orientation all fit the limits', async () => {
    const company = bot.conversation({ channelId: 'facebook' });
    await sayAll(company, ['bonjour', 'Entreprise', '3 soudeurs et 2 comptables d’ici juin à Bron', 'mixte', 'passer', 'passer', 'passer', 'passer', 'passer', 'oui', 'non']);
    const person = bot.conversation({ channelId: 'facebook' });
    await sayAll(person, ['Je cherche une formation', '17 ans', 'lycéen', 'Vaulx-en-Velin', '10 km', 'les deux', 'j’aime bricoler', 'oui', 'non', 'un peu', 'oui', 'non', 'oui', 'Plus de résultats', 'mes résultats', 'aide', 'confidentialité']);
    for (const c of [company, person]) {
      expect(sent(c).length).toBeGreaterThan(10);
      expectMessengerFit(c);
    }
    // The long lists of results were split rather than cut: nothing is lost.
    expect(sent(person).some((a) => /S’inscrire/.test(a.text ?? ''))).toBe(true);
  });

  it('shortens long button titles but keeps their whole value', async () => {
    const c = bot.conversation({ channelId: 'facebook' });
    await c.say('bonjour');
    const roles = sent(c).at(-1)!.suggestedActions!.actions;
    expect(roles.map((a) => a.value)).toEqual(['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère']);
    expect(roles.map((a) => a.title)).toEqual(['Entreprise', 'Je cherche une…', 'Conseiller ou…']);
  });

  it('reads a pressed quick reply as its value (Messenger sends the payload), so the dialog goes on', async () => {
    const c = bot.conversation({ channelId: 'facebook' });
    await c.say('bonjour');
    const replies = await c.send({
      type: 'message',
      text: 'Je cherche une…',
      channelData: { message: { text: 'Je cherche une…', quick_reply: { payload: 'Je cherche une formation' } } },
    });
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/^Je vais vous aider à trouver une formation/), 'Quel âge avez-vous ?']);
  });

  it('leaves other channels as the dialogs wrote them', async () => {
    const c = bot.conversation();
    await c.say('bonjour');
    expect(sent(c).at(-1)!.suggestedActions!.actions.map((a) => a.title)).toEqual(['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère']);
  });
});

describe('splitting a long text', () => {
  it.each([
    ['between paragraphs first', `${'a'.repeat(60)}.\n\n${'b'.repeat(60)}.`, 100, [`${'a'.repeat(60)}.`, `${'b'.repeat(60)}.`]],
    ['between sentences', `${'Une phrase assez longue. '.repeat(6)}Fin.`, 80, ['Une phrase assez longue. Une phrase assez longue. Une phrase assez longue.', 'Une phrase assez longue. Une phrase assez longue. Une phrase assez longue. Fin.']],
    ['between words when a sentence is too long', 'mot '.repeat(30).trim(), 50, ['mot mot mot mot mot mot mot mot mot mot mot mot', 'mot mot mot mot mot mot mot mot mot mot mot mot', 'mot mot mot mot mot mot']],
    ['not at all when short enough', 'Bonjour.', 2000, ['Bonjour.']],
  ])('%s', (_how, text, max, pieces) => {
    expect(splitText(text, max)).toEqual(pieces);
    for (const piece of splitText(text, max)) expect(piece.length).toBeLessThanOrEqual(max);
  });
});
