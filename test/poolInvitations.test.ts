// The BlaBlaCar moment, end to end over HTTP: two companies describe the same need near each other in
// the chat; those who agreed to be told are asked, on their own conversation, whether they want to be
// put in touch, and their answer is recorded. A company that did not agree is never asked.
import { startBot, type RunningBot } from './support/app';
import { play, type Conversation, type Turn } from './support/conversation';

const NOW = () => new Date('2026-11-25T10:00:00+01:00');
const GREETING = [/assistant automatique/, /« confidentialité »/, 'vous êtes'];
const INVITATION = /^(\d+) autres? entreprises? près de chez vous cherchen?t? la même formation \(« (.+) »\) : voulez-vous être mis en relation \?/;

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot({}, { now: NOW });
});
afterAll(() => bot.stop());

/** A company describes one need in the chat and saves it, agreeing (or not) to be told about others. */
function describes(need: string, consent: 'oui' | 'non'): Turn[] {
  return [
    ['bonjour', GREETING],
    ['Entreprise', [/^Décrivez-moi votre besoin/]],
    [need, ['Bien noté.', /Quelques questions facultatives/]],
    ['passer', [/nom de votre entreprise/]],
    ['passer', [/Combien de salariés/]],
    ['passer', [/secteur/]],
    ['passer', [/adresse e-mail/]],
    ['passer', [/Acceptez-vous/]],
    [consent, [/Voici ce que j’ai noté/, /C’est bon/]],
    ['oui', [/Merci, votre besoin est enregistré/, 'Voulez-vous décrire un autre besoin ?']],
  ];
}

/** Waits (bounded) for the bot to say something that matches, on its own. */
async function receives(c: Conversation, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = c.replies().find((r) => pattern.test(r.text));
    if (found) return found.text;
    if (Date.now() > until) throw new Error(`no message matching ${pattern}; got:\n${c.replies().map((r) => r.text).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('asks the companies who agreed, once, on their own conversation, and records their answers', async () => {
  const first = bot.conversation();
  await play(first, describes('5 soudeurs à former avant fin mars à Vénissieux', 'oui'));
  const second = bot.conversation();
  await play(second, describes('3 soudeurs à Bron d’ici fin avril', 'oui'));

  const toFirst = await receives(first, INVITATION);
  expect(INVITATION.exec(toFirst)!.slice(1)).toEqual(['1', 'soudeurs']);
  const toSecond = await receives(second, INVITATION);
  expect(INVITATION.exec(toSecond)![1]).toBe('1');

  // The first company answers; the question it had open before (another need?) comes back.
  await play(first, [['oui', [/C’est noté : l’équipe BlablaForm vous met en relation/, 'Voulez-vous décrire un autre besoin ?']]]);
  await play(second, [['non merci', [/nous ne vous mettons pas en relation/, 'Voulez-vous décrire un autre besoin ?']]]);

  const rows = await bot.app.database.prisma.poolInvitation.findMany({ include: { need: { select: { conversationId: true } } } });
  const answers = Object.fromEntries(rows.map((r) => [r.need.conversationId, r.answer]));
  expect(answers).toEqual({ [first.id]: 'YES', [second.id]: 'NO' });

  // « mes données » shows the need, the agreement and the answer.
  const [report] = await first.say('mes données');
  expect(report.text).toMatch(/• Besoins de formation \(1\) :\n   – 5 × « soudeurs », avant fin mars, Vénissieux ; enregistré le .* ; mise en relation acceptée ; proposition de groupe : vous avez accepté/);

  // A third company joins the same pool later: only it is asked; the others are not asked again.
  const third = bot.conversation();
  await play(third, describes('2 soudeurs à Saint-Priest avant la fin mars', 'oui'));
  expect(INVITATION.exec(await receives(third, INVITATION))![1]).toBe('2');
  await bot.app.settled();
  expect(first.replies().filter((r) => INVITATION.test(r.text))).toHaveLength(1);
  expect(second.replies().filter((r) => INVITATION.test(r.text))).toHaveLength(1);
});

it('never asks a company that did not agree, even in a pool', async () => {
  const agreed = bot.conversation();
  await play(agreed, describes('4 boulangers à Villeurbanne avant fin février', 'oui'));
  const declined = bot.conversation();
  await play(declined, describes('2 boulangers à Vaulx-en-Velin avant fin février', 'non'));
  await receives(agreed, INVITATION);
  await bot.app.settled();
  expect(declined.replies().some((r) => INVITATION.test(r.text))).toBe(false);
});
