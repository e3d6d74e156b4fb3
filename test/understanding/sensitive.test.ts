// Sensitive subjects in free French text: what must go to a human, and what must stay with the bot.
// Sentences are written as young people and companies write them (SMS forms, no accents, capitals),
// not copied from the pattern table.
import { detectSensitive, EMERGENCY_NUMBERS, type SensitiveTopic } from '../../services/understanding/sensitive';

type Row = [text: string, topic: SensitiveTopic, said: string];

const TOPICS: SensitiveTopic[] = ['suicide', 'minor_in_danger', 'violence', 'health', 'distress'];

const sensitive: Row[] = [
  // suicide and self-harm
  ["J'ai envie de mourir", 'suicide', 'envie de mourir'],
  ['jveux mourir', 'suicide', 'jveux mourir'],
  ['g envie de mourir tout le temps', 'suicide', 'envie de mourir'],
  ['JE VEUX EN FINIR.', 'suicide', 'VEUX EN FINIR'],
  ['franchement je voudrais en finir avec la vie', 'suicide', 'voudrais en finir avec la vie'],
  ["j'ai plus envie de vivre...", 'suicide', 'plus envie de vivre'],
  ['jai pu envie de vivre', 'suicide', 'pu envie de vivre'],
  ['je pense à me suicider depuis des semaines', 'suicide', 'me suicider'],
  ["ce soir je vais me foutre en l'air", 'suicide', "vais me foutre en l'air"],
  ["j'ai des idées noires le soir", 'suicide', "j'ai des idées noires"],
  ['je me scarifie les bras en cachette', 'suicide', 'je me scarifie'],
  ['jme suis fait du mal hier', 'suicide', 'jme suis fait du mal'],
  ['Tout le monde serait mieux sans moi', 'suicide', 'serait mieux sans moi'],
  ["j'ai déjà fait une TS l'an dernier", 'suicide', "j'ai déjà fait une TS"],
  ['chui suicidaire depuis le collège', 'suicide', 'chui suicidaire'],
  ["j'ai envie de crever", 'suicide', 'envie de crever'],
  ['je ne veux plus vivre', 'suicide', 'veux plus vivre'],
  ["j'ai envi de me faire du mal", 'suicide', 'envi de me faire du mal'],
  ['jvé mourir', 'suicide', 'jvé mourir'],
  // violence
  ['il me frappe quand il a bu', 'violence', 'il me frappe'],
  ['on me bat', 'violence', 'on me bat'],
  ['Je suis harcelée au lycée', 'violence', 'Je suis harcelée'],
  ['je me fais harceler sur snap', 'violence', 'je me fais harceler'],
  ["mon copain m'a frappée hier soir", 'violence', "mon copain m'a frappée"],
  ["j'ai été violée à une soirée", 'violence', "j'ai été violée"],
  ["on m'a agressé dans le tram", 'violence', "on m'a agressé"],
  ['je suis menacé de mort par des mecs de mon quartier', 'violence', 'je suis menacé de mort'],
  ['je subis des violences conjugales', 'violence', 'je subis des violences'],
  ['je suis victime de harcèlement', 'violence', 'je suis victime de harcèlement'],
  ['mon chef me harcèle, je veux changer de métier', 'violence', 'mon chef me harcèle'],
  ["un mec m'a touchée dans le métro", 'violence', "un mec m'a touchée"],
  ['il ma violé', 'violence', 'il ma violé'],
  ['mon ex me harcèle de messages', 'violence', 'mon ex me harcèle'],
  ['il a voulu me tuer', 'violence', 'il a voulu me tuer'],
  // a minor in danger
  ['mes parents me frappent', 'minor_in_danger', 'mes parents me frappent'],
  ['Mon beau-père me touche la nuit', 'minor_in_danger', 'Mon beau-père me touche'],
  ['ma mère me bat', 'minor_in_danger', 'ma mère me bat'],
  ["j'ai 15 ans et je dors dehors", 'minor_in_danger', 'je dors dehors'],
  ['je suis mineure et on me force', 'minor_in_danger', 'on me force'],
  ["j'ai fugué de chez moi", 'minor_in_danger', "j'ai fugué"],
  ['jsuis en fugue depuis hier', 'minor_in_danger', 'jsuis en fugue'],
  ["j'ai 16 ans, mes parents m'ont mis dehors", 'minor_in_danger', "mes parents m'ont mis dehors"],
  ["mon daron m'a tabassé", 'minor_in_danger', "mon daron m'a tabassé"],
  ["jai 14ans et un mec m'a frappée", 'minor_in_danger', "un mec m'a frappée"],
  // health
  ['je suis malade', 'health', 'je suis malade'],
  ['je crois que je fais une overdose', 'health', 'fais une overdose'],
  ["j'ai pris trop de médicaments", 'health', 'pris trop de médicaments'],
  ['g avalé toute ma boîte de cachets', 'health', 'avalé toute ma boîte de cachets'],
  ['enceinte et perdue', 'health', 'enceinte et perdue'],
  ["je suis enceinte et j'ai peur", 'health', "enceinte et j'ai peur"],
  ['je suis accro à la coke', 'health', 'accro à la coke'],
  ["j'ai un problème avec l'alcool", 'health', "j'ai un problème avec l'alcool"],
  ['je suis en dépression', 'health', 'je suis en dépression'],
  ['jfais une crise d’angoisse là', 'health', 'jfais une crise d’angoisse'],
  // distress
  ['je vais mal', 'distress', 'je vais mal'],
  ['jvais trop mal', 'distress', 'jvais trop mal'],
  ["je n'en peux plus", 'distress', "je n'en peux plus"],
  ['jen peux plus de cette vie', 'distress', 'jen peux plus'],
  ['je suis à la rue', 'distress', 'je suis à la rue'],
  ['je dors dans ma voiture depuis un mois', 'distress', 'je dors dans ma voiture'],
  ["personne ne m'aide", 'distress', "personne ne m'aide"],
  ['je me sens tellement mal', 'distress', 'je me sens tellement mal'],
  ["j'en ai marre de la vie", 'distress', 'marre de la vie'],
  ['je pleure tous les jours', 'distress', 'je pleure tous les jours'],
  ['Je suis au bout du rouleau', 'distress', 'Je suis au bout du rouleau'],
  ["je n'ai rien à manger", 'distress', "n'ai rien à manger"],
  ["mes parents m'ont mis à la porte", 'distress', "mes parents m'ont mis à la porte"],
  ["j'ai nulle part où dormir", 'distress', "j'ai nulle part où dormir"],
];

// Training, orientation and company messages: the bot keeps them.
const ordinary: string[] = [
  "Je cherche une formation d'aide-soignante à Lyon",
  'je veux travailler dans la santé',
  'Infirmier de nuit, je voudrais me reconvertir',
  'formation agent de sécurité cynophile',
  'On doit former 12 salariés au sauveteur secouriste du travail (SST)',
  "former 3 ambulanciers d'ici mars",
  "formation prévention des risques psychosociaux pour nos chefs d'équipe",
  'je cherche une formation en boxe ou en self-défense',
  'formation gestes et postures pour 8 caristes',
  'Harcèlement au travail : formation pour nos managers',
  'nous voulons former nos managers à la prévention du harcèlement sexuel',
  "j'en ai marre de chercher une formation",
  "J'ai failli mourir de rire en voyant le programme",
  'je fais des mots croisés pour tuer le temps',
  // An idiom, left to the bot (see the limits at the top of sensitive.ts).
  'je suis malade de ne pas trouver de stage',
  'je veux devenir pompier professionnel',
  'médecin généraliste, je cherche un DU',
  'je voudrais être éducateur de jeunes enfants',
  "formation protection de l'enfance : repérer les enfants en danger",
  'formation prévention du suicide pour les animateurs jeunesse',
  'sensibilisation aux violences conjugales pour nos travailleurs sociaux',
  'prévention des addictions en entreprise, 20 personnes',
  "je veux bosser dans l'addictologie",
  'je veux en finir avec les petits boulots',
  "je meurs d'envie de faire cette formation",
  "ce qui m'a frappé c'est le prix des formations",
  'ce métier me touche beaucoup',
  'je vais pas mal merci',
  'je me sens perdu dans mon orientation',
  "personne ne m'aide à trouver un stage",
  "je suis dehors devant le CRIJ, c'est où l'entrée ?",
  "j'ai 17 ans et je cherche un apprentissage en boulangerie",
  'J’ai 16 ans, mes parents veulent que je fasse un bac général',
  'mes parents me forcent à faire une prépa',
  'formation premiers secours PSC1',
  'formation sur les drogues pour les éducateurs de rue',
  'je voudrais une formation de médiateur en prévention de la violence',
  'Bonjour, je suis aide médico-psychologique en EHPAD',
  "je suis victime d'une arnaque au CPF",
  'je voudrais aider les personnes qui vont mal',
  "je suis en formation d'infirmière, je fais un stage aux urgences psychiatriques",
  "j'ai pris trop de temps pour m'inscrire",
  'formation gestion des crises d’angoisse des patients',
  'je me coupe les cheveux moi-même, je veux devenir coiffeuse',
  "je n'en peux plus d'attendre la réponse de France Travail",
  "je suis harcelée d'appels par les organismes de formation CPF",
  'je me tue à vous le dire, je veux une alternance',
  'ça me tue de payer 3000 € pour une formation',
  "je veux pas mourir idiote, une formation en histoire de l'art ?",
  "je vais me jeter à l'eau et m'inscrire",
  "j'ai craqué pour la formation de pâtissier",
  'cette formation va me tuer',
  'je suis mort de fatigue après le stage',
  'mon patron me menace de me virer si je pars en formation',
  'je veux vivre à Lyon et trouver un BTS',
  "j'ai plus envie de vivre chez mes parents, je cherche un job et un logement",
  'je me défonce pour réussir mon CAP',
  'formation CACES, on a eu un accident de chariot',
  "c'est la mort pour trouver un stage",
  'mes collègues me tapent sur les nerfs',
  'je vis des coups durs en ce moment, je cherche une formation',
  'je cherche une formation de psychologue spécialisé en dépression',
  "je me suis fait voler mon vélo",
  "je fais de la boxe thaï, on se frappe fort à l'entraînement",
  "je veux me former à l'accompagnement des victimes de violences",
  "j'ai vu un reportage sur les overdoses",
  'formation sur les idées suicidaires chez les adolescents',
  'je vais mal choisir si personne ne me conseille',
  "j'en ai marre de tout ce jargon administratif",
  "je me sens mal à l'aise en entretien",
  'je bois trop de café pendant les révisions',
  "je n'ai pas mangé depuis ce matin, on peut faire vite ?",
  'nous cherchons une formation pour gérer les clients agressifs',
  '',
];

describe('sensitive subjects go to a human', () => {
  it.each(sensitive)('« %s » → %s («%s»)', (text, topic, said) => {
    expect(detectSensitive(text)).toEqual({ topic, said });
  });

  it('the table holds every topic, several times', () => {
    const topics = TOPICS.map((topic) => sensitive.filter((row) => row[1] === topic).length);
    expect(sensitive.length).toBeGreaterThanOrEqual(40);
    for (const count of topics) expect(count).toBeGreaterThanOrEqual(5);
  });

  it('reports the words as the person wrote them', () => {
    for (const [text, , said] of sensitive) expect(text).toContain(said);
  });
});

describe('ordinary messages stay with the bot', () => {
  it.each(ordinary.map((text) => [text]))('« %s » is not sensitive', (text) => {
    expect(detectSensitive(text)).toBeUndefined();
  });

  it('has enough ordinary sentences to mean something', () => {
    expect(ordinary.length).toBeGreaterThanOrEqual(40);
  });

  it('says nothing about no message', () => {
    expect(detectSensitive(undefined)).toBeUndefined();
    expect(detectSensitive('   ')).toBeUndefined();
  });
});

describe('first person or topic word', () => {
  it.each([
    ['formation prévention du harcèlement', 'je suis harcelé au boulot'],
    ['module sur les violences conjugales', 'je subis des violences conjugales'],
    ['prévention des addictions', "j'ai une addiction au cannabis"],
    ['former nos équipes à la prévention du suicide', 'je pense au suicide'],
    ['repérer un enfant en danger', "j'ai 13 ans et je suis à la rue"],
  ])('« %s » stays, « %s » goes to a human', (topicWords, situation) => {
    expect(detectSensitive(topicWords)).toBeUndefined();
    expect(detectSensitive(situation)).toBeDefined();
  });
});

describe('when several subjects are said, the most urgent decides', () => {
  it.each<Row>([
    ["j'ai 15 ans, il me frappe et j'ai envie de mourir", 'suicide', 'envie de mourir'],
    ['je suis mineure et il me frappe', 'minor_in_danger', 'il me frappe'],
    ['on me harcèle et je vais mal', 'violence', 'on me harcèle'],
    ["je suis en dépression et je n'en peux plus", 'health', 'je suis en dépression'],
    ['je vais mal, mes parents me frappent', 'minor_in_danger', 'mes parents me frappent'],
    ['je suis à la rue et je fais des crises de panique', 'health', 'fais des crises de panique'],
  ])('« %s » → %s', (text, topic, said) => {
    expect(detectSensitive(text)).toEqual({ topic, said });
  });
});

describe('emergency numbers', () => {
  it('every topic has lines to show', () => {
    for (const topic of TOPICS) expect(EMERGENCY_NUMBERS[topic].length).toBeGreaterThan(0);
  });

  it.each<[SensitiveTopic, string]>([
    ['suicide', '3114'],
    ['minor_in_danger', '119'],
    ['violence', '3919'],
    ['violence', '17'],
    ['health', '15'],
    ['health', '0 800 235 236'],
    ['distress', '3114'],
  ])('%s shows %s', (topic, number) => {
    expect(EMERGENCY_NUMBERS[topic].some((line) => line.startsWith(number) || line.includes(` ${number}`))).toBe(true);
  });
});
