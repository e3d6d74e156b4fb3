// A company describes its training needs, as conversation tables over real HTTP: everything in one
// message, piece by piece, corrections, several needs, invalid answers. What is confirmed is stored.
import { startBot, type RunningBot } from './support/app';
import { play, type Turn } from './support/conversation';

// Dates are resolved from "today": 25 November 2026, in Paris.
const NOW = () => new Date('2026-11-25T10:00:00+01:00');

const GREETING = [/assistant automatique/, /« confidentialité »/, 'vous êtes'];
const ASK_NEED = /^Décrivez-moi votre besoin de formation avec vos mots/;
const DETAILS_INTRO = /^Quelques questions facultatives/;
const SUMMARY = /^Voici ce que j’ai noté :/;
const CONFIRM = /^C’est bon \? Répondez « oui » pour enregistrer/;
const SAVED = /^Merci, votre besoin est enregistré\./;
const ANOTHER = 'Voulez-vous décrire un autre besoin ?';

/** The optional questions, each skipped, from the first (modality); slice(1) when the modality was already said. */
const SKIP_ALL_DETAILS: Turn[] = [
  ['passer', [/nom de votre entreprise/]],
  ['passer', [/Combien de salariés/]],
  ['passer', [/secteur d’activité/]],
  ['passer', [/adresse e-mail ou quel numéro/]],
  ['passer', [/Acceptez-vous que nous vous prévenions/]],
  ['passer', [SUMMARY, CONFIRM]],
];

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot({}, { now: NOW });
});
afterAll(() => bot.stop());

async function needsOf(userId: string) {
  const { needs } = await bot.app.needs.list({}, { page: 1, pageSize: 200 });
  return needs.filter((n) => n.conversationId?.length && n.conversationId === conversationsByUser.get(userId));
}
const conversationsByUser = new Map<string, string>();

function conversation() {
  const c = bot.conversation();
  conversationsByUser.set(c.userId, c.id);
  return c;
}

describe('a company describes a need', () => {
  it('in one message: the bot asks only the optional details, summarises, and records', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['On doit former 4 caristes au CACES R489 d’ici fin février sur notre site de Vénissieux', ['Bien noté.', DETAILS_INTRO]],
      ['en présentiel', [/nom de votre entreprise/]],
      ['Transports Dupont', [/Combien de salariés/]],
      ['35 salariés', [/secteur d’activité/]],
      ['logistique', [/adresse e-mail ou quel numéro/]],
      ['rh@transports-dupont.fr', [/Acceptez-vous que nous vous prévenions/]],
      ['oui', [SUMMARY, CONFIRM]],
    ]);
    const summary = c.replies().at(-2)!.text;
    expect(summary).toMatch(/4 personnes à former : caristes, CACES R489/);
    expect(summary).toMatch(/N1101/);
    expect(summary).toMatch(/Quand : d’ici fin février \(.*28 février 2027\)/);
    expect(summary).toMatch(/Où : Vénissieux/);
    expect(summary).toMatch(/Modalité : en présentiel/);

    await play(c, [
      ['oui', [SAVED, ANOTHER]],
      ['non', [/^Merci ! Écrivez-moi quand vous voulez/]],
    ]);
    const [stored] = await needsOf(c.userId);
    expect(stored).toMatchObject({
      description: 'On doit former 4 caristes au CACES R489 d’ici fin février sur notre site de Vénissieux',
      occupation: { rome: 'N1101' },
      headcount: { said: '4', value: 4 },
      deadline: { end: '2027-02-28' },
      place: { insee: '69259', inMetropole: true },
      modality: { said: 'présentiel', value: 'presentiel' },
      consentToContact: true,
      company: { name: 'Transports Dupont', size: '10-49', sector: 'logistique', contact: 'rh@transports-dupont.fr' },
    });
  });

  it('from the very first message, which says both who they are and what they need', async () => {
    const c = conversation();
    await play(c, [
      ['Bonjour, je suis RH et nous devons former une dizaine d’aides-soignantes à distance avant le 15 janvier à Villeurbanne', [...GREETING.slice(0, 2), 'Bien noté.', DETAILS_INTRO]],
    ]);
    expect(c.replies().at(-1)!.text).toMatch(/nom de votre entreprise/);
  });

  it('piece by piece: one question at a time for what is missing', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['il nous faut des soudeurs', ['Bien noté.', 'Combien de personnes faut-il former ?']],
      ['trois', [/^Pour quand la formation doit-elle être faite \?/]],
      ['au printemps', [/^Dans quelle commune \?/]],
      ['St-Priest', [DETAILS_INTRO]],
      ...SKIP_ALL_DETAILS,
    ]);
    const summary = c.replies().at(-2)!.text;
    expect(summary).toMatch(/3 personnes à former : soudeurs/);
    expect(summary).toMatch(/Où : Saint-Priest/);
    await play(c, [['oui', [SAVED, ANOTHER]]]);
    const [stored] = await needsOf(c.userId);
    expect(stored).toMatchObject({ headcount: { value: 3 }, place: { insee: '69290' }, occupation: { domain: 'H' }, modality: null, company: { name: null } });
  });

  it('takes corrections in the person’s own words before saving', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['4 cuisiniers à Bron en mars, en présentiel', ['Bien noté.', DETAILS_INTRO]],
      ['passer', [/Combien de salariés/]],
      ['passer', [/secteur/]],
      ['passer', [/adresse e-mail/]],
      ['passer', [/Acceptez-vous/]],
      ['non', [SUMMARY, CONFIRM]],
      ['plutôt 6 personnes', ['C’est corrigé.', SUMMARY, CONFIRM]],
      ['la date c’est fin avril', ['C’est corrigé.', SUMMARY, CONFIRM]],
      ['non', [/^Que faut-il corriger \?/]],
      ['finalement à Vénissieux', ['C’est corrigé.', SUMMARY, CONFIRM]],
    ]);
    const summary = c.replies().at(-2)!.text;
    expect(summary).toMatch(/6 personnes à former : cuisiniers/);
    expect(summary).toMatch(/fin avril/);
    expect(summary).toMatch(/Où : Vénissieux/);
    await play(c, [['c’est bon', [SAVED, ANOTHER]]]);
    const [stored] = await needsOf(c.userId);
    expect(stored).toMatchObject({ headcount: { value: 6 }, deadline: { end: '2027-04-30' }, place: { insee: '69259' }, consentToContact: false });
  });

  it('understands several needs in one message, and lets one be dropped', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['3 soudeurs et 2 comptables d’ici juin à Bron', ['J’ai repéré 2 besoins.', DETAILS_INTRO]],
      ['mixte', [/nom de votre entreprise/]],
      ...SKIP_ALL_DETAILS.slice(1),
    ]);
    const summary = c.replies().at(-2)!.text;
    expect(summary).toMatch(/1\. 3 personnes à former : soudeurs/);
    expect(summary).toMatch(/2\. 2 personnes à former : comptables/);
    await play(c, [
      ['pour les soudeurs plutôt 5', ['C’est corrigé.', SUMMARY, CONFIRM]],
      ['retirer les comptables', ['J’ai retiré « comptables ».', SUMMARY, CONFIRM]],
      ['oui', [SAVED, ANOTHER]],
    ]);
    const stored = await needsOf(c.userId);
    expect(stored.map((n) => [n.occupation.said, n.headcount.value, n.place.insee, n.modality?.value])).toEqual([['soudeurs', 5, '69029', 'mixte']]);
  });

  it('says which need a missing answer is for', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['2 soudeurs et des comptables à Bron en mars', ['J’ai repéré 2 besoins.', 'Pour « comptables » : combien de personnes faut-il former ?']],
      ['une dizaine', [DETAILS_INTRO]],
    ]);
  });

  it('asks which need a correction is about when it cannot tell', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['2 serveurs et 2 cuisiniers à Lyon 2e dès que possible en présentiel', ['J’ai repéré 2 besoins.', DETAILS_INTRO]],
      ...SKIP_ALL_DETAILS.slice(1),
      ['plutôt 4', [/^Quel besoin faut-il corriger \?/]],
      ['2', ['C’est corrigé.', SUMMARY, CONFIRM]],
    ]);
    expect(c.replies().at(-2)!.text).toMatch(/2\. 4 personnes à former : cuisiniers/);
  });
});

describe('erasure', () => {
  it('keeps a recorded need for the demand figures, with nothing that leads back to the person', async () => {
    const c = conversation();
    const description = '7 monteurs en chauffage à former dès que possible à Feyzin, en présentiel';
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      [description, ['Bien noté.', DETAILS_INTRO]],
      ['Chauffage Martin', [/Combien de salariés/]],
      ['passer', [/secteur/]],
      ['passer', [/adresse e-mail/]],
      ['06 12 34 56 78', [/Acceptez-vous/]],
      ['non', [SUMMARY, CONFIRM]],
      ['oui', [SAVED, ANOTHER]],
      ['supprimer mes données', [/Voulez-vous vraiment effacer/]],
      ['oui', [/C’est fait .* Les besoins de formation déjà enregistrés restent/]],
    ]);
    const { needs } = await bot.app.needs.list({}, { page: 1, pageSize: 200 });
    const mine = needs.filter((n) => n.description === description);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ conversationId: null, headcount: { value: 7 }, company: { name: 'Chauffage Martin', contact: null } });
  });
});

describe('invalid answers get a clear answer, and never a dead end', () => {
  it('refuses a headcount out of range, a past date and an unknown commune, then offers choices and an advisor', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['des électriciens', ['Bien noté.', 'Combien de personnes faut-il former ?']],
      ['0', [/entre 1 et 10 000/]],
      ['beaucoup', [/entre 1 et 10 000.*\n.*demander un conseiller/]],
      ['Parler à un conseiller', [/^Je transmets notre conversation à un conseiller/]],
      ['continuer avec le bot', [/on continue ensemble en attendant/, 'Combien de personnes faut-il former ?']],
      ['12', [/^Pour quand/]],
      ['avant le 3 mars 2025', [/c’est déjà passé/]],
      ['dans les 3 mois', [/^Dans quelle commune/]],
      ['Trifouillis-les-Oies', [/Je ne trouve pas cette commune/]],
      ['Grenoble', [/Grenoble n’est pas dans la Métropole de Lyon\. Je l’enregistre quand même \?/]],
      ['oui', [DETAILS_INTRO]],
    ]);
    expect(c.replies().at(-1)!.actions).toEqual(['Présentiel', 'À distance', 'Mixte', 'Passer']);
  });

  it('asks which commune when a postcode covers several', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['3 secrétaires à former en juin au 69250', ['Bien noté.', '« 69250 » couvre plusieurs communes de la Métropole : laquelle ?']],
      ['69250', ['« 69250 » couvre plusieurs communes de la Métropole : laquelle ?']],
      ['Neuville-sur-Saône', [DETAILS_INTRO]],
    ]);
  });

  it('offers choices and an advisor after two descriptions it cannot understand', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['bof', [/Je n’ai pas repéré de besoin/]],
      ['euh', [/Je n’ai pas repéré de besoin.*\n.*demander un conseiller/]],
    ]);
    expect(c.replies().at(-1)!.actions).toEqual(['Parler à un conseiller']);
  });

  it('keeps a date already past out of a description, and asks for it again', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['5 vendeuses avant le 1er juin 2025 à Écully', ['Bien noté.', /« avant le 1er juin 2025 », c’est déjà passé/, /^Pour quand/]],
    ]);
  });

  it('nothing is recorded when the person cancels', async () => {
    const c = conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['Entreprise', [ASK_NEED]],
      ['2 plombiers à Givors', ['Bien noté.', /^Pour quand/]],
      ['annuler', ['C’est annulé.', /Que souhaitez-vous faire/]],
    ]);
    expect(await needsOf(c.userId)).toEqual([]);
  });
});
