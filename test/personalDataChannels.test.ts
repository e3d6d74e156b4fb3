// « mes données » and « supprimer mes données » on each channel a person can use, end to end: they tell the
// bot something, find it in what the bot keeps, erase it, and then the bot keeps nothing of them. One bot
// serves every channel here, Telegram through a fake Bot API; each step of the dialogs is in dialogs.test.ts.
import { Readable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { answerFor, converse, terminalIdentity } from '../bots/terminal/chat';
import { startBot, type RunningBot } from './support/app';
import { play, type Chat, type Reply, type Turn } from './support/conversation';
import { DirectLineClient } from './support/directLine';
import { FakeTelegram } from './support/fakeTelegram';
import { byPolling, TelegramChat } from './support/telegramChat';

const NOW = () => new Date('2026-11-25T10:00:00+01:00');
const TOKEN = 'jeton-de-test-0123456789abcdef';

const GREETING = [/assistant automatique/, /« confidentialité »/, 'Pour commencer, vous êtes :'];
const ASK_NEED = /^Décrivez-moi votre besoin de formation avec vos mots/;
const REPORT = /^Voici tout ce que je garde sur vous sur cette messagerie :\n/;
const AFTER_REPORT = /^Tout est effacé automatiquement 6 mois après votre dernier message\. Pour tout effacer maintenant : « supprimer mes données »/;
const CONFIRM = /^Voulez-vous vraiment effacer tout ce que je garde sur vous/;
const ERASED = /^C’est fait : tout ce que je savais de vous est effacé\./;
/** After erasure the bot knows nothing but this very request, and greets the person as a newcomer. */
const NOTHING_KEPT: Turn = [
  'mes données',
  [
    /^Voici tout ce que je garde sur vous sur cette messagerie :\n• Profil : rien \(vous ne m’avez pas dit qui vous êtes\)\.\n• Messages : 1 \(les vôtres et mes réponses\), dans 1 conversation, le [^\n]+\. Les derniers :\n   vous › mes données\n• Besoins de formation : aucun\.\n• Demandes de conseiller : aucune\.$/,
    AFTER_REPORT,
    ...GREETING,
  ],
];

const telegram = new FakeTelegram();
let bot: RunningBot;
beforeAll(async () => {
  await telegram.start();
  bot = await startBot({ API_TOKEN: TOKEN, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url }, { now: NOW });
});
afterAll(async () => {
  await bot?.stop();
  await telegram.stop();
});

/** The first report among these replies. */
const firstReport = (replies: Reply[]) => replies.find((r) => REPORT.test(r.text))?.text;

/** Collects every reply a chat receives, to read the report back after the table. */
function recording(chat: Chat): Chat & { replies: Reply[] } {
  const replies: Reply[] = [];
  return {
    replies,
    async say(text) {
      const got = await chat.say(text);
      replies.push(...got);
      return got;
    },
  };
}

describe('on Telegram', () => {
  /** A person on Telegram: a typed message, or « [Oui] » for a button of the reply keyboard pressed. */
  function telegramChat(): Chat {
    const person = new TelegramChat(telegram, byPolling(telegram));
    return {
      async say(text) {
        const pressed = /^\[(.+)\]$/.exec(text)?.[1];
        const sent = await (pressed ? person.press(pressed) : person.say(text));
        return sent.map((m) => ({ text: m.text, actions: m.keyboard ?? m.inline?.map((b) => b.text) ?? [] }));
      },
    };
  }

  it('a person sees their answers on /mesdonnees, erases them on /stop, and then the bot keeps nothing', async () => {
    const person = recording(telegramChat());
    await play(person, [
      ['/start', GREETING, ['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère']],
      ['[Je cherche une formation]', [/^Je vais vous aider à trouver une formation/, 'Quel âge avez-vous ?']],
      ['[18 à 25 ans]', ['Quelle est votre situation ?']],
      ['/mesdonnees', [REPORT, AFTER_REPORT, 'Quelle est votre situation ?']],
    ]);
    expect(firstReport(person.replies)).toMatch(
      /\n• Profil : vous êtes une personne qui cherche une formation ou une orientation\.\n• Messages : 10 [^\n]+\n   vous › \/start\n(   .+\n)*   vous › 18 à 25 ans\n   moi › Quelle est votre situation \?\n   vous › \/mesdonnees\n/,
    );
    await play(person, [
      ['/stop', [CONFIRM], ['Oui', 'Non']],
      ['[Oui]', [ERASED]],
      NOTHING_KEPT,
    ]);
  });
});

describe('on Messenger', () => {
  /** A person on Messenger: a typed message, or « [Oui] » for the quick reply pressed (Messenger sends its title, and its value as payload). */
  function messenger(): Chat {
    const c = bot.conversation({ channelId: 'facebook' });
    return {
      say(text) {
        const pressed = /^\[(.+)\]$/.exec(text)?.[1];
        if (!pressed) return c.say(text);
        const offered = bot.connector.messages(c.id).at(-1)?.suggestedActions?.actions ?? [];
        const button = offered.find((a) => a.title === pressed);
        if (!button) throw new Error(`no quick reply « ${pressed} » among: ${offered.map((a) => a.title).join(', ')}`);
        return c.send({ type: 'message', text: pressed, channelData: { message: { text: pressed, quick_reply: { payload: button.value } } } });
      },
    };
  }

  it('a company sees its need and contact, erases them, and then the bot keeps nothing; the need stays for the demand, without the contact', async () => {
    const company = recording(messenger());
    await play(company, [
      ['bonjour', GREETING, ['Entreprise', 'Je cherche une…', 'Conseiller ou…']],
      ['[Entreprise]', [ASK_NEED]],
      ['4 caristes à former d’ici fin février à Vénissieux', ['Bien noté.', /Vous préférez une formation en présentiel, à distance, ou mixte \?$/]],
      ['[Passer]', [/nom de votre entreprise/]],
      ['Transports Dupont', [/Combien de salariés/]],
      ['[Passer]', [/secteur d’activité/]],
      ['[Passer]', [/adresse e-mail ou quel numéro/]],
      ['rh@transports-dupont.fr', [/Acceptez-vous que nous vous prévenions/]],
      ['[Oui]', [/^Voici ce que j’ai noté :\n• 4 personnes à former : caristes/, /^C’est bon \?/]],
      ['[Oui, enregistrer]', [/^Merci, votre besoin est enregistré/, 'Voulez-vous décrire un autre besoin ?']],
      ['[Non]', [/^Merci ! Écrivez-moi quand vous voulez/]],
      ['mes données', [REPORT, AFTER_REPORT, 'Que souhaitez-vous faire ? Vous êtes :']],
    ]);
    const report = firstReport(company.replies);
    expect(report).toMatch(/\n• Profil : vous êtes une entreprise\.\n/);
    // Pressed quick replies are kept as what they meant.
    expect(report).toMatch(/\n   vous › Oui, enregistrer\n   moi › Merci, votre besoin est enregistré\./);
    expect(report).toMatch(/\n   vous › mes données\n/);
    expect(report).toMatch(/\n• Besoins de formation \(1\) :\n   – 4 × « caristes », d’ici fin février, Vénissieux ; enregistré le [^;]+ ; mise en relation acceptée\n/);
    expect(report).toMatch(/\n• Entreprise : Transports Dupont, contact : rh@transports-dupont\.fr\.\n/);

    await play(company, [
      ['supprimer mes données', [CONFIRM], ['Oui', 'Non']],
      ['[Oui]', [ERASED]],
      NOTHING_KEPT,
    ]);

    // What the Métropole's API still lists: the need, with nothing that leads back to the person.
    const response = await fetch(`${bot.app.url}/api/needs`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { needs } = (await response.json()) as { needs: { description: string; conversationId: string | null; company: { name: string | null; contact: string | null } | null }[] };
    const need = needs.find((n) => n.description === '4 caristes à former d’ici fin février à Vénissieux');
    expect(need).toMatchObject({ conversationId: null, company: { name: 'Transports Dupont', contact: null } });
    expect(JSON.stringify(needs)).not.toContain('rh@transports-dupont.fr');
  });
});

describe('on any other Bot Framework channel (Teams)', () => {
  it('a person sees what they said, erases it, and then the bot keeps nothing', async () => {
    const person = recording(bot.conversation({ channelId: 'msteams' }));
    await play(person, [
      ['Bonjour, je suis RH chez Transports Dupont à Vénissieux', [/assistant automatique/, /« confidentialité »/, ASK_NEED]],
      ['/mesdonnees', [REPORT, AFTER_REPORT, ASK_NEED]],
    ]);
    expect(firstReport(person.replies)).toMatch(
      /\n• Profil : vous êtes une entreprise\.\n• Messages : 5 \(les vôtres et mes réponses\), dans 1 conversation, le [^\n]+\. Les derniers :\n   vous › Bonjour, je suis RH chez Transports Dupont à Vénissieux\n   moi › Bonjour ! Je suis BlablaForm.*\n   moi › Je garde nos échanges.*\n   moi › Décrivez-moi votre besoin.*\n   vous › \/mesdonnees\n• Besoins de formation : aucun\.\n/,
    );
    await play(person, [
      ['supprimer mes données', [CONFIRM], ['Oui', 'Non']],
      ['oui', [ERASED]],
      NOTHING_KEPT,
    ]);
  });
});

describe('in the web chat (our Direct Line)', () => {
  const toReply = (a: Activity): Reply => ({ text: a.text ?? '', actions: (a.suggestedActions?.actions ?? []).map((x) => String(x.title ?? x.value)) });

  /** The page: it posts what the person types (a pressed button sends its value) and polls for what came since its watermark. */
  function webChat(client: DirectLineClient): Chat {
    return {
      async say(text) {
        await client.say(text);
        return (await client.poll()).filter((a) => a.from.role === 'bot' && a.type === 'message').map(toReply);
      },
    };
  }

  it('a person sees what they said, erases it; a reloaded page shows none of it, and the bot keeps nothing', async () => {
    const client = await DirectLineClient.start(bot.app.url);
    expect((await client.poll()).map((a) => a.text)).toEqual([expect.stringMatching(GREETING[0]), expect.stringMatching(GREETING[1]), GREETING[2]]);
    const person = recording(webChat(client));
    await play(person, [
      ['Je cherche une formation', [/^Je vais vous aider à trouver une formation/, 'Quel âge avez-vous ?']],
      ['17 ans', ['Quelle est votre situation ?']],
      ['mes données', [REPORT, AFTER_REPORT, 'Quelle est votre situation ?']],
    ]);
    expect(firstReport(person.replies)).toMatch(
      /\n• Profil : vous êtes une personne qui cherche une formation ou une orientation\.\n• Messages : 9 [^\n]+\n(   .+\n)*   vous › Je cherche une formation\n(   .+\n)*   vous › 17 ans\n   moi › Quelle est votre situation \?\n   vous › mes données\n/,
    );
    await play(person, [
      ['supprimer mes données', [CONFIRM], ['Oui', 'Non']],
      ['Oui', [ERASED]],
    ]);
    // The page reloaded asks for the whole conversation again: none of it is left.
    const reloaded = client.on(bot.app.url);
    reloaded.watermark = '';
    expect(await reloaded.poll()).toEqual([]);
    await play(person, [NOTHING_KEPT]);
  });
});

describe('in the terminal (npm run chat)', () => {
  const BOT = 'bot › ';

  /** A block the terminal printed, read back as the reply it shows: the text, and the numbered choices under it. */
  function shown(block: string): Reply {
    const [text, choices] = block.split(/\n {3}(?=\[1\] )/);
    return {
      text: text.slice(BOT.length).replaceAll(`\n${' '.repeat(BOT.length)}`, '\n'),
      actions: choices ? choices.split(/ {2}(?=\[\d+\] )/).map((c) => c.replace(/^\[\d+\] /, '')) : [],
    };
  }

  /**
   * Runs the terminal chat in this process with the table's lines piped in, as `npm run chat -- --nouvelle`
   * does against a running server; gives the greeting, and a chat that plays back what followed each line.
   */
  async function terminal(turns: Turn[]): Promise<{ greeting: Reply[]; chat: Chat }> {
    const printed: { typed?: string; blocks: string[] }[] = [{ blocks: [] }];
    await converse({
      botUrl: bot.app.url,
      identity: terminalIdentity(true),
      input: Readable.from(turns.map(([says]) => `${says}\n`)),
      print: (block) => (block.startsWith('vous › ') ? printed.push({ typed: block.slice('vous › '.length), blocks: [] }) : printed.at(-1)!.blocks.push(block)),
      interactive: false,
    });
    const [greeting, ...answers] = printed;
    return {
      greeting: greeting.blocks.map(shown),
      chat: {
        async say(text) {
          const answer = answers.shift();
          expect(answer?.typed).toBe(text);
          return answer!.blocks.map(shown);
        },
      },
    };
  }

  it('a person answers by the numbers shown, sees their answers, erases them with « 1 » for Oui, and then the bot keeps nothing', async () => {
    const turns: Turn[] = [
      ['2', [/^Je vais vous aider à trouver une formation/, 'Quel âge avez-vous ?'], ['Moins de 15 ans', '15 à 17 ans', '18 à 25 ans', '26 ans ou plus', 'Passer']],
      ['3', ['Quelle est votre situation ?']],
      ['mes données', [REPORT, AFTER_REPORT, 'Quelle est votre situation ?']],
      ['supprimer mes données', [CONFIRM], ['Oui', 'Non']],
      ['1', [ERASED]],
      NOTHING_KEPT,
    ];
    const { greeting, chat } = await terminal(turns);
    expect(greeting.map((r) => r.text)).toEqual([expect.stringMatching(GREETING[0]), expect.stringMatching(GREETING[1]), GREETING[2]]);
    expect(greeting[2].actions).toEqual(['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère']);
    const person = recording(chat);
    await play(person, turns);
    // The numbers typed were read as the choices they stood for.
    expect(firstReport(person.replies)).toMatch(
      /\n• Profil : vous êtes une personne qui cherche une formation ou une orientation\.\n(.+\n)*   vous › Je cherche une formation\n(.+\n)*   vous › 18 à 25 ans\n   moi › Quelle est votre situation \?\n   vous › mes données\n/,
    );
  });

  it.each([
    ['a number shown', '2', '10 à 49'],
    ['a number beyond the choices (35 employees)', '35', '35'],
    ['zero', '0', '0'],
    ['words', '2 salariés', '2 salariés'],
  ])('sends %s as the person means it', (_what, typed, sent) => {
    const sizes = ['1 à 9', '10 à 49', '50 à 249', '250 et plus', 'Passer'].map((value) => ({ type: 'imBack', title: value, value }));
    expect(answerFor(typed, sizes)).toBe(sent);
  });
});
