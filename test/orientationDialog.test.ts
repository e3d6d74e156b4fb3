// People looking for training or orientation, as conversation tables over real HTTP, on the starter
// catalogue that a fresh install loads, on every backend. Today is 25 November 2026 (Paris).
import { startBot, type RunningBot } from './support/app';
import { play, type Conversation, type Turn } from './support/conversation';
import { backendTable, type TestDatabase } from './support/databases';

const NOW = () => new Date('2026-11-25T10:00:00+01:00');

const GREETING = [/assistant automatique/, /« confidentialité »/, 'vous êtes'];
const INTRO = /^Je vais vous aider à trouver une formation ou un lieu pour apprendre/;
const ASK = {
  age: 'Quel âge avez-vous ?',
  situation: 'Quelle est votre situation ?',
  commune: /^Dans quelle commune habitez-vous/,
  distance: 'Jusqu’où pouvez-vous aller ?',
  preference: /^Vous cherchez plutôt une formation/,
  interest: /^Qu’est-ce qui vous intéresse \?/,
  digital: /^Voulez-vous faire le point sur vos bases en numérique/,
};
const RESULTS = [/^Voici ce que je vous propose/, /^1\. .*\n {3}Pourquoi : .*\n(.|\n)*2\. (.|\n)*3\. /, /exemples de démonstration/, 'Que voulez-vous faire ?'];
const DIGITAL_QUESTIONS: Turn[] = [
  ['non', [/^2\/5\. /]],
  ['un peu', [/^3\/5\. /]],
  ['oui', [/^4\/5\. /]],
  ['non', [/^5\/5\. /]],
];

/** The results shown in the last reply that lists offers: their blocks, one per offer. */
function offers(c: Conversation): string[] {
  const list = [...c.replies()].reverse().find((r) => /^1\. /.test(r.text));
  return list ? list.text.split(/\n\n/) : [];
}

describe.each(backendTable)('on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let bot: RunningBot;
  beforeAll(async () => {
    testDb = await backend.create();
    bot = await startBot({ DATABASE_URL: testDb.url }, { now: NOW });
  });
  afterAll(async () => {
    await bot.stop();
    await testDb.drop();
  });

  it('a 17-year-old in Vaulx-en-Velin who likes tinkering gets formal and informal places nearby, with the reasons', async () => {
    const c = bot.conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Je cherche une formation', [INTRO, ASK.age]],
      ['j’ai 17 ans', [ASK.situation]],
      ['je suis au lycée', [ASK.commune]],
      ['Vaulx', [ASK.distance]],
      ['10 km', [ASK.preference]],
      ['les deux', [ASK.interest]],
      ['j’aime bricoler', ['Compris : « bricoler, fabriquer, réparer ».', ASK.digital]],
      ['non', RESULTS],
    ]);
    const shown = offers(c);
    expect(shown).toHaveLength(3);
    for (const offer of shown) {
      expect(offer).toMatch(/Pourquoi : /);
      const km = /à ([\d,]+) km|à moins d’1 km/.exec(offer);
      expect(km).not.toBeNull();
      if (km?.[1]) expect(Number(km[1].replace(',', '.'))).toBeLessThanOrEqual(10);
    }
    // Both kinds, each for its reason: a trade that matches, a place to tinker.
    expect(shown.some((o) => /\((diplôme|certification|formation|CQP)\)/.test(o) && /correspond à « bricoler/.test(o))).toBe(true);
    expect(shown.some((o) => /\((FabLab|FabLab mobile)\)/.test(o) && /un lieu pour « bricoler/.test(o))).toBe(true);
    expect(shown.join('\n')).toMatch(/pour les 16–25 ans/);
    expect(shown.join('\n')).toMatch(/S’inscrire : /);
  });

  it('an employee thinking of a change finds the training for the occupation she names, and can come back to it', async () => {
    const c = bot.conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['2', [INTRO, ASK.age]],
      ['34 ans', [ASK.situation]],
      ['je suis salariée et je pense à me reconvertir', [ASK.commune]],
      ['Lyon 7e', [ASK.distance]],
      ['en transports en commun', [ASK.preference]],
      ['une formation', [ASK.interest]],
      ['je voudrais devenir aide-soignante', [/^Compris : « aide-soignante »/, ASK.digital]],
      ['non', [/^Voici ce que je vous propose pour « aide-soignante »/, /^1\. /, /démonstration/, 'Que voulez-vous faire ?']],
    ]);
    const [first] = offers(c);
    expect(first).toMatch(/aide-soignant/i);
    expect(first).toMatch(/correspond à « aide-soignante »/);
    expect(first).not.toMatch(/pour les 16–25 ans/);
    expect(offers(c).every((o) => /\((diplôme|certification|formation|CQP)\)/.test(o))).toBe(true);

    await play(c, [
      ['Terminer', [/^Bonne continuation/]],
      ['mes résultats', [/^Vos derniers résultats \(du 25 novembre 2026\)/, /^1\. .*aide-soignant/i, /Que souhaitez-vous faire/]],
    ]);
  });

  it('someone uncomfortable with computers does the digital self-check first, and is sent to help nearby', async () => {
    const c = bot.conversation();
    await play(c, [
      ['Bonjour, je cherche une formation mais je ne suis pas à l’aise avec l’ordinateur', [...GREETING.slice(0, 2), INTRO, ASK.age]],
      ['passer', [ASK.situation]],
      ['En recherche d’emploi', [ASK.commune]],
      ['Vénissieux', [ASK.distance]],
      ['passer', [ASK.preference]],
      ['passer', [/^Faisons le point sur vos bases en numérique/, /^1\/5\. Savez-vous envoyer un e-mail/]],
      ...DIGITAL_QUESTIONS,
      ['oui', [/^Vous êtes à l’aise sur 2 points sur 5\. À travailler : les e-mails, les démarches en ligne, les appels vidéo/, /^1\. (.|\n)*gratuit/, ASK.interest]],
    ]);
    const help = offers(c);
    expect(help.length).toBeGreaterThan(0);
    expect(help.every((o) => /\((espace numérique|médiathèque|atelier|MJC|atelier du CRIJ)\)/.test(o))).toBe(true);
    expect(help[0]).toMatch(/à moins d’1 km \(Vénissieux\)|à [\d,]+ km/);
    await play(c, [['Je ne sais pas encore', RESULTS]]);
    expect(c.replies().at(-1)!.actions).not.toContain('Faire le point numérique');
  });

  it('widens the search, offers informal places and an advisor when nothing is near', async () => {
    const c = bot.conversation();
    await play(c, [
      ['Je cherche une formation', [...GREETING.slice(0, 2), INTRO, ASK.age]],
      ['26 ans ou plus', [ASK.situation]],
      ['Autre', [ASK.commune]],
      ['Givors', [ASK.distance]],
      ['2 km', [ASK.preference]],
      ['une formation', [ASK.interest]],
      ['devenir soudeur', ['Compris : « soudeur ».', ASK.digital]],
      ['non', [/^Je n’ai rien trouvé à moins de 2 km de Givors\. Je peux chercher plus loin/, 'Que voulez-vous faire ?']],
    ]);
    expect(c.replies().at(-1)!.actions).toEqual(expect.arrayContaining(['Chercher plus loin', 'Lieux pour apprendre autrement', 'Parler à un conseiller']));
    await play(c, [
      ['Parler à un conseiller', [/^Je transmets notre conversation à un conseiller/]],
      ['Continuer avec le bot', [/on continue ensemble en attendant/, 'Que voulez-vous faire ?']],
      ['plus loin', [/^Je n’ai rien trouvé à moins de 12 km de Givors/, 'Que voulez-vous faire ?']],
      ['Chercher plus loin', [/^Voici ce que je vous propose pour « soudeur »/, /^1\. .*[Ss]oud(.|\n)*correspond à « soudeur »/, /démonstration/, 'Que voulez-vous faire ?']],
    ]);
    const km = Number(/à ([\d,]+) km/.exec(offers(c)[0])![1].replace(',', '.'));
    expect(km).toBeGreaterThan(12);
    expect(km).toBeLessThanOrEqual(24);
    await play(c, [['Lieux pour apprendre autrement', [/^Voici ce que je vous propose/, /^1\. /, /démonstration/, 'Que voulez-vous faire ?']]]);
    expect(offers(c).every((o) => !/\((diplôme|certification|formation|CQP)\)/.test(o))).toBe(true);
  });

  it('keeps nothing of an under-15 once they are done', async () => {
    const c = bot.conversation();
    await play(c, [
      ['Je cherche une formation', [...GREETING.slice(0, 2), INTRO, ASK.age]],
      ['Moins de 15 ans', [/^Merci\. Comme vous avez moins de 15 ans, je ne garderai rien/, ASK.situation]],
      ['passer', [ASK.commune]],
      ['Bron', [ASK.distance]],
      ['passer', [ASK.preference]],
      ['passer', [ASK.interest]],
      ['Le numérique', ['Compris : « le numérique ».', ASK.digital]],
      ['non', RESULTS],
      ['Terminer', [/j’efface maintenant notre conversation/]],
    ]);
    expect(await bot.app.transcript.conversation(c.id)).toEqual([]);
    const state = await bot.app.database.prisma.botState.findMany({ where: { key: { contains: c.userId } } });
    expect(state).toEqual([]);
  });

  it('answers unclear profile answers clearly, and « passer » always works', async () => {
    const c = bot.conversation();
    await play(c, [
      ['Je cherche une formation', [...GREETING.slice(0, 2), INTRO, ASK.age]],
      ['vieux', [/^Choisissez une tranche d’âge, écrivez votre âge/]],
      ['passer', [ASK.situation]],
      ['passer', [ASK.commune]],
      ['Trifouillis', [/^Je ne trouve pas cette commune/]],
      ['passer', [ASK.distance]],
      ['loin', [/^Indiquez une distance en kilomètres/]],
      ['passer', [ASK.preference]],
      ['passer', [ASK.interest]],
      ['bof', [/^Je n’ai pas bien compris/]],
      ['aucune idée', [ASK.digital]],
    ]);
  });
});
