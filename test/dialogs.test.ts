// The first conversation with the bot, as tables of what the person says and what the bot answers.
// Everything runs for real: HTTP, the Bot Framework adapter, the dialogs, the embedded database.
import { startBot, type RunningBot } from './support/app';
import { play } from './support/conversation';
import { conversationStateKey, userStateKey } from '../services/personalData';

const ROLE_BUTTONS = ['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère'];
const GREETING = [/assistant automatique/, /« confidentialité »/, 'vous êtes'];
// A company goes straight on to describe its needs (test/needsDialog.test.ts follows it further).
const ASK_NEED = /^Décrivez-moi votre besoin de formation avec vos mots/;
const ENTREPRISE = [ASK_NEED];
// A person looking for training goes on to the orientation (test/orientationDialog.test.ts).
const PERSONNE = [/^Je vais vous aider à trouver une formation/, 'Quel âge avez-vous ?'];
const CONSEILLER = [/travaillent depuis la console/, 'Écrivez-moi quand vous voulez'];

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(() => bot.stop());

describe('first contact', () => {
  it('greets in French, says it is an automated assistant, points to the privacy notice and asks who the person is', async () => {
    const conversation = bot.conversation();
    const replies = await conversation.join();
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^Bonjour ! Je suis BlablaForm, un assistant automatique \(un robot, pas une personne\)/),
      expect.stringContaining('écrivez « confidentialité » pour savoir quoi, combien de temps et comment tout effacer'),
      'Pour commencer, vous êtes :',
    ]);
    expect(replies[2].actions).toEqual(ROLE_BUTTONS);
  });

  it('greets once per conversation, and again in a new conversation', async () => {
    const first = bot.conversation();
    await play(first, [
      ['bonjour', GREETING, ROLE_BUTTONS],
      ['annuler', ['C’est annulé.', 'Que souhaitez-vous faire ? Vous êtes :'], ROLE_BUTTONS],
    ]);
    const again = bot.conversation({ userId: first.userId });
    await play(again, [['rebonjour', GREETING, ROLE_BUTTONS]]);
  });

  it('understands who the person is from the very first message', async () => {
    await play(bot.conversation(), [['Bonjour, je suis responsable RH dans une PME de Vénissieux', [/assistant automatique/, /confidentialité/, ASK_NEED]]]);
  });
});

describe('choosing a role', () => {
  const cases: [string, string, (string | RegExp)[]][] = [
    ['the Entreprise button', 'Entreprise', ENTREPRISE],
    ['the formation button', 'Je cherche une formation', PERSONNE],
    ['the conseiller button', 'Conseiller ou conseillère', CONSEILLER],
    ['its number', '2', PERSONNE],
    ['an ordinal', 'la troisième', CONSEILLER],
    ['free text: je suis RH', 'je suis RH', ENTREPRISE],
    ['free text: a manager', 'Je suis gérante d’un restaurant et je veux former mes salariés', ENTREPRISE],
    ['free text: je cherche une formation', 'je cherche une formation', PERSONNE],
    ['free text: a job seeker', 'je suis demandeur d’emploi et je voudrais me reconvertir', PERSONNE],
    ['free text: a young person', 'jsuis un jeune de 19 ans, je sais pas quoi faire', PERSONNE],
    ['free text: conseillère au CRIJ', 'je suis conseillère au CRIJ', CONSEILLER],
    ['free text: a Mission locale advisor', 'Conseiller en insertion à la mission locale de Vaulx-en-Velin', CONSEILLER],
  ];
  it.each(cases)('by %s', async (_how, says, replies) => {
    await play(bot.conversation(), [
      ['bonjour', GREETING, ROLE_BUTTONS],
      [says, replies],
    ]);
  });

  it('asks again, with the choices, when the role question comes back later', async () => {
    const conversation = bot.conversation();
    await play(conversation, [
      ['bonjour', GREETING],
      ['Je suis conseiller', CONSEILLER],
      ['coucou', ['Que souhaitez-vous faire ? Vous êtes :'], ROLE_BUTTONS],
    ]);
  });
});

describe('misunderstandings never dead-end', () => {
  it('answers a greeting politely instead of counting it as a misunderstanding', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['Bonsoir !', ['Bonjour ! Pour que je puisse vous aider, dites-moi qui vous êtes :'], ROLE_BUTTONS],
      ['je suis RH', ENTREPRISE],
    ]);
  });

  it('rephrases after the first, then offers numbered choices and help after the second', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['la réponse D', ['Je n’ai pas bien compris. Êtes-vous une entreprise'], ROLE_BUTTONS],
      ['hein ?', [/Je n’ai toujours pas compris.*\n1\. Entreprise\n2\. Je cherche une formation\n3\. Conseiller ou conseillère\n.*« aide »/s], [...ROLE_BUTTONS, 'Aide']],
      ['Aide', [/^Voici ce que je sais faire/, 'Pour commencer, vous êtes :']],
      ['1', ENTREPRISE],
    ]);
  });
});

describe('commands at any point', () => {
  it('« aide » explains what can be done, then goes back to the question', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['aide', [/Voici ce que je sais faire :\n• Entreprise.*\n• Personne.*\n• Parler à un conseiller.*\nÀ tout moment : « recommencer ».*« annuler ».*« confidentialité ».*« supprimer mes données »/s, 'Pour commencer, vous êtes :'], ROLE_BUTTONS],
    ]);
  });

  it('« aide » as a first message helps, then greets', async () => {
    await play(bot.conversation(), [['Aide svp', [/^Voici ce que je sais faire/, /assistant automatique/, /confidentialité/, 'vous êtes']]]);
  });

  it('a sentence that only contains the word "aide" is not taken for the command', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['j’ai besoin d’aide pour recruter et former mes techniciens', ENTREPRISE],
    ]);
  });

  it('« annuler » leaves the current dialog and offers to start again', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['annuler', ['C’est annulé.', 'Que souhaitez-vous faire ? Vous êtes :'], ROLE_BUTTONS],
      ['je suis conseiller', [/travaillent depuis la console/, /Écrivez-moi/]],
    ]);
  });

  it('« recommencer » starts over', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['blabla', [/Je n’ai pas bien compris/]],
      ['Recommencer', ['On reprend depuis le début.', 'Que souhaitez-vous faire ? Vous êtes :'], ROLE_BUTTONS],
    ]);
  });

  it('« confidentialité » tells what is kept, for how long and how to erase it', async () => {
    await play(bot.conversation(), [
      ['bonjour', GREETING],
      ['confidentialité', [/Ce que je garde : vos messages.*\n• Combien de temps : 6 mois au plus après votre dernier message.*\n• Pour tout effacer maintenant : écrivez « supprimer mes données »/s, 'Pour commencer, vous êtes :']],
    ]);
  });
});

describe('« mes données »', () => {
  it('sends what is stored about the person, then goes back to the question', async () => {
    const c = bot.conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [/^Décrivez-moi votre besoin/]],
      ['mes données', [/^Voici tout ce que je garde sur vous/, /effacé automatiquement 6 mois après.*« supprimer mes données »/, /^Décrivez-moi votre besoin/]],
    ]);
    const report = c.replies().at(-3)!.text;
    expect(report).toMatch(/• Profil : vous êtes une entreprise\./);
    // Everything said so far, counted and quoted, down to the request itself (recorded before the bot answers).
    expect(report).toMatch(/• Messages : 7 \(les vôtres et mes réponses\), dans 1 conversation, le \d+ \S+ \d{4}\. Les derniers :\n/);
    expect(report).toMatch(/vous › mes données\n/);
    expect(report).toMatch(/vous › bonjour\n.*moi › Bonjour ! Je suis BlablaForm/);
    expect(report).toMatch(/vous › Entreprise\n.*moi › Décrivez-moi votre besoin/);
    expect(report).toMatch(/• Besoins de formation : aucun\.\n• Demandes de conseiller : aucune\.$/);
  });

  it('for someone the bot has never seen, says there is nothing, and greets', async () => {
    await play(bot.conversation(), [
      ['/mesdonnees', [/^Voici tout ce que je garde.*\n• Profil : rien.*\n• Messages : 1 /s, /effacé automatiquement/, /assistant automatique/, /confidentialité/, 'vous êtes']],
    ]);
  });
});

describe('« supprimer mes données »', () => {
  const storedKeys = async (channelId: string, userId: string, conversationId: string) => {
    const rows = await bot.app.database.prisma.botState.findMany({
      where: { key: { in: [userStateKey({ channelId, userId: bot.app.pseudonyms.of(channelId, userId) }), conversationStateKey(channelId, conversationId)] } },
    });
    return rows.map((r) => r.key);
  };

  it('asks for confirmation, and « non » keeps everything and resumes', async () => {
    const conversation = bot.conversation();
    await play(conversation, [
      ['bonjour', GREETING],
      ['supprimer mes données', [/Voulez-vous vraiment effacer tout ce que je garde sur vous.*définitif/]],
      ['non', ['D’accord, je ne supprime rien. Reprenons.', 'Pour commencer, vous êtes :'], ROLE_BUTTONS],
      ['je suis RH', ENTREPRISE],
      ['supprimer mes données', [/Voulez-vous vraiment effacer/]],
      ['non merci', ['D’accord, je ne supprime rien. Reprenons.', ASK_NEED]],
    ]);
    expect(await storedKeys('test', conversation.userId, conversation.id)).toHaveLength(2);
    expect((await bot.app.transcript.conversation(conversation.id)).length).toBeGreaterThan(0);
  });

  it('after « oui », erases profile, state and transcript from the database, and starts from zero', async () => {
    const conversation = bot.conversation();
    const earlier = bot.conversation({ userId: conversation.userId });
    await play(earlier, [['je cherche une formation', [/assistant automatique/, /confidentialité/, ...PERSONNE]]]);
    await play(conversation, [
      ['Je suis RH chez Transports Dupont à Vénissieux', [/assistant automatique/, /confidentialité/, ASK_NEED]],
      ['Effacer mes données personnelles', [/Voulez-vous vraiment effacer/], ['Oui', 'Non']],
      ['maybe', [/Je n’ai pas compris : répondez « oui »/]],
      ['oui', ['C’est fait : tout ce que je savais de vous est effacé.']],
    ]);
    expect(await storedKeys('test', conversation.userId, conversation.id)).toEqual([]);
    expect(await storedKeys('test', conversation.userId, earlier.id)).toEqual([]);
    const lines = await bot.app.database.prisma.transcriptEntry.findMany({ where: { userId: bot.app.pseudonyms.of('test', conversation.userId) } });
    expect(lines).toEqual([]);
    // Nothing the person wrote survives anywhere in the state either.
    const everything = JSON.stringify(await bot.app.database.prisma.botState.findMany());
    expect(everything).not.toContain('Transports Dupont');
    // The next message is a first contact again.
    await play(conversation, [['bonjour', GREETING, ROLE_BUTTONS]]);
  });

  it('works as a first message too', async () => {
    await play(bot.conversation(), [
      ['/stop', [/Voulez-vous vraiment effacer/]],
      ['oui', [/C’est fait/]],
    ]);
  });

  it('leaves other people’s data alone', async () => {
    const mine = bot.conversation();
    const theirs = bot.conversation();
    await play(theirs, [['je suis RH', [/assistant/, /confidentialité/, ASK_NEED]]]);
    await play(mine, [
      ['supprimer mes données', [/Voulez-vous vraiment/]],
      ['oui', [/C’est fait/]],
    ]);
    expect(await storedKeys('test', theirs.userId, theirs.id)).toHaveLength(2);
    expect(await bot.app.transcript.conversation(theirs.id)).toHaveLength(4);
  });
});

describe('transcript', () => {
  it('keeps every message in and out, in order, with channel and time', async () => {
    const conversation = bot.conversation();
    await play(conversation, [
      ['bonjour', GREETING],
      ['3', CONSEILLER],
    ]);
    const lines = await bot.app.transcript.conversation(conversation.id);
    expect(lines.map((l) => [l.direction, l.text.slice(0, 20)])).toEqual([
      ['IN', 'bonjour'],
      ['OUT', 'Bonjour ! Je suis Bl'],
      ['OUT', 'Je garde nos échange'],
      ['OUT', 'Pour commencer, vous'],
      ['IN', '3'],
      ['OUT', 'Bonjour ! Les consei'],
      ['OUT', 'Écrivez-moi quand vo'],
    ]);
    expect(lines.every((l) => l.channelId === 'test' && l.userId === bot.app.pseudonyms.of('test', conversation.userId) && l.createdAt instanceof Date)).toBe(true);
  });
});
