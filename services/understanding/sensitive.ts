// Subjects the bot must not handle itself: thoughts of suicide, violence suffered, a minor in danger,
// a health emergency, distress. When one is said, the conversation goes to a human advisor and the
// person sees the emergency numbers at once.
//
// How: a table of patterns per topic, matched against the normalised message (lower case, no accents,
// punctuation as spaces: "J'ai" is "j ai"). The patterns look for first-person situations ("je suis
// harcelée", "on me frappe", "mes parents me frappent", "j'ai envie de mourir"), never for bare topic
// words: companies and advisors talk about "harcèlement", "prévention du suicide", "addictions",
// "violences conjugales" or "sauveteur secouriste" as training subjects, and those must stay with the bot.
// When several topics are said, the most urgent wins (PRIORITY).
//
// Limits, known and accepted:
// - Wording, not meaning: a situation told without the expected words ("il a recommencé hier soir"),
//   in the third person ("mon amie veut mourir"), with heavy misspellings or in another language is
//   missed. The advisor console and the "parler à un conseiller" command stay the safety net.
// - Negations are not read: "je n'ai jamais voulu me suicider" is still handed over (better too much
//   than too little for suicide).
// - Idioms are excluded one by one: "mourir de rire", "tuer le temps", "me tuer à la tâche",
//   "me jeter à l'eau", "en finir avec les petits boulots", "ça me touche", "ce qui m'a frappé",
//   "je vais pas mal". "Je suis malade de ne pas trouver" (malade de/d') is read as an idiom and
//   left to the bot; "je suis malade" alone is health.
// - Everyday weariness about the search itself is not distress: "j'en ai marre de chercher",
//   "j'en peux plus d'attendre", "personne ne m'aide à trouver un stage", "je me sens perdu(e)".
//   "J'en peux plus" alone, or "de vivre", "de tout", is.
// - A parent's or step-parent's violence is read as a minor in danger (119) even when the person's age
//   is not said: the audience is 16-25 and the advisor sees the age. Sleeping outside, being thrown
//   out or forced are a minor in danger only when the person says they are under 18 ("j'ai 15 ans",
//   "je suis mineure"); otherwise they are distress or violence.
// - "Je suis enceinte" alone is not sensitive (a question about training while pregnant is ordinary);
//   enceinte with "perdue", "seule", "peur", "avorter"… is health.
// - SMS forms are those seen most ("jveux", "g", "chui", "jsuis", "jen peux plus"); "jpp" is not read
//   (used as much for laughing as for despair), nor "au secours" alone (a help command, see commands.ts).
import { mentionAt, normalizeWithOffsets } from './normalize';

export type SensitiveTopic = 'suicide' | 'violence' | 'minor_in_danger' | 'health' | 'distress';

export interface SensitiveMatch {
  topic: SensitiveTopic;
  /** The words of the message that matched, as written. */
  said: string;
}

/** When a message says several things, the most urgent decides. */
const PRIORITY: readonly SensitiveTopic[] = ['suicide', 'minor_in_danger', 'violence', 'health', 'distress'];

/** Lines shown to the person with the handoff: short, free numbers first, checked against the official lists. */
export const EMERGENCY_NUMBERS: Record<SensitiveTopic, string[]> = {
  suicide: [
    '3114 : prévention du suicide, 24 h/24, gratuit',
    '15 : SAMU, urgence médicale',
    '112 : numéro d’urgence européen',
    '114 : par SMS pour les personnes sourdes ou malentendantes',
  ],
  violence: [
    '17 : police secours',
    '3018 : harcèlement et cyberharcèlement, gratuit',
    '3919 : Violences Femmes Info, 24 h/24, gratuit',
    '112 : numéro d’urgence européen',
    '114 : par SMS pour les personnes sourdes ou malentendantes',
  ],
  minor_in_danger: [
    '119 : Allô enfance en danger, 24 h/24, gratuit',
    '17 : police secours',
    '112 : numéro d’urgence européen',
    '114 : par SMS pour les personnes sourdes ou malentendantes',
  ],
  health: [
    '15 : SAMU, urgence médicale',
    '112 : numéro d’urgence européen',
    'Fil Santé Jeunes : 0 800 235 236, gratuit et anonyme',
    '114 : par SMS pour les personnes sourdes ou malentendantes',
  ],
  distress: [
    '3114 : prévention du suicide, 24 h/24, gratuit',
    'Fil Santé Jeunes : 0 800 235 236, gratuit et anonyme',
    '115 : Samu social, hébergement d’urgence',
  ],
};

// ---------------------------------------------------------------- building blocks (normalised text)

/** "je suis" and its spoken and SMS forms. */
const I_AM = '(?:je suis|j suis|jsuis|jsui|je sui|chui|chuis|suis)';
/** "j'ai", "jai", "g". */
const I_HAVE = '(?:j ai|jai|g)';
const I_WAS = '(?:j ai ete|jai ete|g ete|j etais|jetais|j avais ete)';
const WANT = '(?:veux|veu|vx|jveux|jveu|jvx|jve|voudrais|voudrai|jvoudrais|aimerais|aimerai)';
const GOING = '(?:vais|vai|jvais|jvai)';
const ENVIE = '(?:envie|envi|besoin) (?:de|d)';
/** Someone who can hurt the person, other than family (family is read as a minor in danger). */
const PEOPLE =
  '(?:copain|copine|mec|meuf|ex|mari|femme|conjointe?|compagnon|compagne|petit ami|petite amie|chef|cheffe|patron|patronne|boss|collegues?|profs?|professeure?s?|maitre de stage|maitre d apprentissage|tuteur|tutrice|voisine?s?|colocs?|colocataires?|proprio|proprietaire|entraineur|entraineuse|coach|manager|responsable|employeur|formateur|formatrice|directeur|directrice|camarades?|eleves|gens|mecs|filles|garcons|gars|homme|hommes|inconnue?s?|amie?s?|potes?|dealers?|bande|clients?|clientes?|superieur)';
const SOMEONE = `(?:il|elle|ils|elles|on|quelqu un|(?:mon|ma|mes|le|la|les|un|une|des|son|sa|ses) ${PEOPLE})(?: il| elle| ils| elles)?`;
const FAMILY =
  '(?:mes parents|mes darons|mes vieux|mon pere|ma mere|mon daron|ma daronne|mon beau pere|ma belle mere|mon beau frere|mon oncle|ma tante|mon grand pere|ma grand mere|mon frere|mes freres|ma soeur|mon cousin|mon parrain|ma famille|mon tuteur|ma tutrice|(?:le|mon) (?:copain|mec|compagnon) de ma mere|(?:la|ma) (?:copine|compagne|femme) de mon pere)(?: il| elle| ils| elles)?';
/** "me", "m'", "m'a", "m'ont", and the SMS "ma", "mont" (after a subject only). */
const TO_ME = '(?:me|m|m a|ma|m ont|mont|m avait|m avaient)';
/** Blows and abuse, present and past. Each alternative stops at a word end (the whole cue is wrapped in \b). */
const HURTS =
  '(?:frapp\\w*|bat|battent|battait|battaient|battue?s?|tap(?:e|ent|ait|aient|ee?s?)(?! sur (?:les nerfs|le systeme|l epaule|le dos)| dans l oeil| la discute)|cogn\\w*|tabass\\w*|gifl\\w*|viol(?:e|ent|ait|aient|ee?s?)|violente\\w*|agress\\w*|etrangl\\w*|brutalis\\w*|maltrait\\w*|rackett?\\w*|sequestr\\w*|enferm\\w*|brul(?:e|ent|ait|ee?s?)|tripot\\w*|drogu(?:e|ee|ent|ait)|menac\\w* de mort)';
/** Unwanted touching, not "ça me touche beaucoup". */
const TOUCHES = '(?:touch(?:e|ee|es|ees|ent|ait|aient)(?! (?:beaucoup|enormement|vraiment|profondement|au coeur|le coeur|par)\\b))';
/** Abuse by someone outside the family: adds harassment, threats, insults, unwanted touching. */
const HURTS_OR_HARASSES = `(?:${HURTS}|harcel\\w*(?! pour (?:que|savoir)| de (?:questions|mails|appels))|harcell\\w*|menac\\w*(?! de (?:me virer|me licencier|licenciement|me renvoyer|m exclure|sanction))|insult\\w*|humili\\w*|${TOUCHES})`;
const SUFFERED =
  '(?:harcelement|cyberharcelement|violences?|viol|viols|agressions?(?: sexuelles?)?|attouchements|coups(?! durs| de (?:blues|fil|coeur|pouce|main|bol))|maltraitances?|inceste|racket|menaces(?: de mort)?|revenge porn|chantage|emprise)';
const SUBSTANCE =
  '(?:la drogue|drogue|les drogues|l alcool|alcool|la boisson|le cannabis|cannabis|le shit|shit|la beuh|beuh|la weed|weed|la coke|coke|la cocaine|cocaine|l heroine|heroine|le crack|crack|la md|mdma|l ecsta|ecstasy|la keta|ketamine|le proto|proto|protoxyde|les medocs|medocs|les medicaments|medicaments|les jeux d argent|jeux d argent|les paris sportifs|paris sportifs|les jeux)';
const MEDICINE =
  '(?:medicaments|medocs?|cachets?|pilules?|comprimes?|somniferes?|dolipranes?|paracetamol|xanax|lexomil|antidepresseurs?|anxiolytiques?|neuroleptiques?)';
/** Ordinary complaints about the search itself ("personne ne m'aide à trouver un stage"): not distress. */
const ABOUT_THE_SEARCH =
  '(?:(?:a|pour) (?:trouver|chercher|choisir|m orienter|m inscrire|remplir|faire|avoir)|dans (?:mes|ma|mon|les|la|le) (?:recherches?|demarches?|orientation|dossier|candidatures?|inscription|projet))';

// ---------------------------------------------------------------- the table

interface Cue {
  /** The topic said, or null when the words matter only from a minor. */
  topic: SensitiveTopic | null;
  /** The topic when the person says they are under 18 (sleeping outside at 15 is a minor in danger). */
  minor?: SensitiveTopic;
  pattern: RegExp;
}

const cue = (topic: SensitiveTopic | null, source: string, minor?: SensitiveTopic): Cue => ({
  topic,
  minor,
  pattern: new RegExp(`\\b(?:${source})\\b`),
});

const CUES: readonly Cue[] = [
  // ---- suicide and self-harm
  // "envie de mourir", not "mourir de rire", "mourir d'ennui", "mourir moins bête", "disparaître sous terre".
  cue('suicide', `${ENVIE} (?:mourr?ir|crever|disparaitre)(?! (?:de|d|moins|idiote?|bete|sous terre|de honte)\\b)`),
  cue('suicide', `${WANT} (?:mourr?ir|crever)(?! (?:de|d|moins|idiote?|bete)\\b)`),
  // "je veux en finir", not "en finir avec les petits boulots" (but "avec la vie", "avec tout").
  cue('suicide', `(?:${WANT}|${GOING}|${ENVIE}|pense a|hate d|hate de) en finir(?: avec (?:(?:la|ma|cette) vie|tout))?(?! avec\\b)`),
  // "me tuer", not "me tuer à la tâche"; after a wish, a plan or a thought ("ça me tue" is an idiom).
  cue('suicide', `(?:${WANT}|${GOING}|${ENVIE}|pense a|${I_HAVE} (?:deja )?(?:essaye de|tente de|voulu)) (?:me tuer|me foutre en l air|mettre fin a (?:mes jours|ma vie))(?! a\\b| au\\b)`),
  cue('suicide', 'me suicid\\w*|me sucid\\w*|me pendre|(?:pense|pensee|pensees) (?:au|a) suicide'),
  cue('suicide', `(?:${I_AM}|je me sens|jme sens|me sens) (?:un peu |tres |vraiment |trop |de plus en plus )?suicidaires?`),
  cue('suicide', `(?:${I_HAVE}|j|j avais) (?:des |souvent des |encore des |plein d |tout le temps des )?(?:idees|pensees) (?:noires|suicidaires|de mort|de suicide)`),
  cue('suicide', `(?:${I_HAVE}|j avais) (?:deja )?(?:fait|tente) (?:une|des|plusieurs|deux|2|trois|3) (?:tentatives? de suicide|ts)`),
  cue('suicide', '(?:(?:plus|plu|pu|pas|aucune|perdu l) (?:envie|l envie|le gout|la force|de raison|raison)|marre|fatiguee?) de vivre(?! (?:a|au|en|chez|dans|avec|ici|comme|loin|sans|la bas)\\b)'),
  cue('suicide', `${WANT} (?:plus|plu|pu) (?:vivre(?! (?:a|au|en|chez|dans|avec|ici|comme|sans|loin)\\b)|etre en vie|exister|etre sur terre|etre de ce monde|etre la(?! (?:pour|a|quand|demain|lundi|mardi|mercredi|jeudi|vendredi)\\b))`),
  cue('suicide', 'la vie (?:ne vaut|vaut) (?:pas|plus) (?:la peine|le coup)|(?:serai(?:en)?t|seraient|serais|seront|vivraient) mieux sans moi'),
  cue('suicide', `me jeter (?:sous (?:un|le|une|la) (?:train|metro|tram|bus|voiture)|du (?:pont|toit|balcon|haut)|par la fenetre|dans le vide|d un (?:pont|immeuble))|sauter (?:du|d un|de la|par la) (?:pont|toit|balcon|fenetre|immeuble|falaise)`),
  cue('suicide', `(?:${ENVIE}|${WANT}|${GOING}|peur de|pense a) me faire du mal|(?:je me|jme) (?:fais|fait|suis fait|suis faite) du mal`),
  cue('suicide', `(?:je me|jme|me) (?:scarifi\\w*|mutil\\w*|coupe(?:r)? (?:les veines|les poignets|le poignet|les bras|le bras|les cuisses|la peau))|(?:${I_HAVE}|je fais|jfais) (?:des )?scarifications?`),

  // ---- a minor in danger
  cue('minor_in_danger', `${FAMILY} ${TO_ME} (?:${HURTS}|${TOUCHES})`),
  cue('minor_in_danger', `(?:${I_HAVE}|${I_AM}|je vais|jvais|${WANT}) (?:fugue|en fugue|faire une fugue|fuguer|fuguee)`),
  cue('minor_in_danger', '(?:mariage force|(?:me marier|marier|m epouser) de force|(?:me|m) (?:marier|fiancer) (?:au bled )?contre mon gre)'),
  cue(null, `on ${TO_ME} (?:force|forcent|oblige|obligent|a forcee?|a obligee?)`, 'minor_in_danger'),

  // ---- violence suffered (a minor in danger when said by someone under 18)
  cue('violence', `${SOMEONE} ${TO_ME} ${HURTS_OR_HARASSES}`, 'minor_in_danger'),
  cue('violence', `${SOMEONE} (?:m a|ma|m ont|mont) forcee?(?! a\\b)`, 'minor_in_danger'),
  cue('violence', `${SOMEONE} ${TO_ME} (?:force|forcent|oblige|obligent|forcee?|obligee?) (?:a|de) (?:coucher|me prostituer|faire des choses|avoir des relations|me marier|l epouser|dealer|vendre de la drogue|voler|envoyer des (?:photos|nudes)|me deshabiller)`, 'minor_in_danger'),
  cue('violence', `(?:${I_AM}|${I_WAS}|je me sens|jme sens) (?:harcelee?s?|harcellee?s?|agressee?s?|violee?s?|battue?s?|tabassee?s?|rackettee?s?|maltraitee?s?|sequestree?s?|menacee?s? de mort|sous (?:son |sa |leur )?emprise)(?! (?:de|d|par) (?:les |des )?(?:mails|e mails|appels|pubs?|publicites|relances|coups de fil|organismes|centres|ecoles|commerciaux|newsletters|sms)\\b)`, 'minor_in_danger'),
  // "j'ai été frappée par mon beau-père", not "touché par votre accueil" nor "forcée d'arrêter mes études".
  cue('violence', `${I_WAS} (?:frappee?s?|touchee?s?|forcee?s?)(?! (?:par (?:votre|vos|ton|ta|tes|sa|ses|son|leur|leurs|le|la|les|l|ce|cette|ces|cet|tant|autant)|a|d|de|au)\\b)`, 'minor_in_danger'),
  cue('violence', `${SOMEONE} (?:veut|veulent|voulait|voulaient|a voulu|ont voulu|a essaye de|ont essaye de|menace de|menacent de|va|vont) me tuer`, 'minor_in_danger'),
  cue('violence', '(?:je me|jme|me) (?:fais|fait|faire|suis fait|suis faite|suis fais|faisais) (?:encore )?(?:frapper|taper|tabasser|agresser|violer|harceler|harceller|racketter|menacer|insulter|battre|etrangler|attaquer|enfermer|cogner|tripoter|toucher|peloter|brutaliser|humilier|droguer|prostituer)', 'minor_in_danger'),
  cue('violence', `(?:${I_AM}|${I_WAS}|je me sens|suis) (?:une )?victimes? (?:de|d) (?:${SUFFERED})`, 'minor_in_danger'),
  cue('violence', `(?:je subis|je subi|jsubis|${I_HAVE} subi|je vis|jvis|je vivais) (?:du |des |de la |de l |un |une )?${SUFFERED}`, 'minor_in_danger'),
  cue('violence', `menacee?s? de mort|(?:recu|recois) des menaces|menace de (?:publier|diffuser|balancer|envoyer) (?:mes|des) (?:photos|videos|nudes)|(?:je me|jme|on me|il me|ils me) prostitu\\w*`, 'minor_in_danger'),

  // ---- health
  cue('health', `(?:${I_AM}|je me sens|jme sens|tombee?) (?:tres |gravement |vraiment |trop |super |tout le temps |souvent |encore )?malade(?! (?:de|d)\\b)`),
  cue('health', '(?:fais|fait|jfais|faire|suis en|en train de faire) (?:une |un |d )?(?:overdose|surdose|od)'),
  cue('health', `(?:pris|avale|prendre|avaler) (?:beaucoup |vraiment |bcp )?(?:trop|plein|une boite|toute? (?:la|ma|une) (?:boite|plaquette)|tou(?:te)?s (?:mes|les)|des boites)(?: entiere)?(?: de| d| des| mes)? ${MEDICINE}`),
  cue('health', 'enceinte(?: \\w+){0,5}? (?:perdue|paumee|seule|desesperee|panique|peur|sais (?:pas|plus) quoi faire|veux pas le garder|pas voulu|avorter|ivg)'),
  cue('health', `(?:${WANT}|dois|besoin d|besoin de|faut que j|${GOING}|pense a) (?:avorter|faire une ivg|faire un avortement|interrompre (?:ma|la) grossesse)|grossesse non (?:desiree|prevue|voulue)|pilule du lendemain|(?:capote|preservatif) (?:a|est) (?:craque|perce|casse)`),
  cue('health', `(?:accro|addict|dependante?s?) (?:a la |au |aux |a l |a )?${SUBSTANCE}|${I_AM} (?:alcoolique|alcoolo|toxico|toxicomane|droguee?)\\b|(?:je me|jme) (?:drogue|shoote)`),
  cue('health', `${I_HAVE} (?:un |des |une |gros |grave |vrai |vraiment un |de gros )?(?:probleme|problemes|soucis?|addiction|dependance) (?:avec |d |de |a )?${SUBSTANCE}|${I_HAVE} (?:une |des |grave une )?(?:addiction|addictions|dependance|dependances)\\b(?! (?:au|a la|aux) (?:sport|travail|boulot|chocolat|cafe|series))`),
  cue('health', `(?:arrive pas a|arrive plus a|peux pas|peux plus|n arrive pas a|n arrive plus a) (?:arreter|decrocher|m arreter) (?:de )?(?:boire|me droguer|la drogue|l alcool|le shit|la coke|le cannabis|les jeux d argent|prendre (?:des|mes) ${MEDICINE})|je bois (?:(?:beaucoup )?trop(?: d alcool)?(?! de| d)|tous les soirs|pour oublier)`),
  cue('health', `(?:je prends|je prend|jprends|je consomme|je sniffe|jsniffe|je tape) (?:de la |du |des |de l )?(?:coke|cocaine|heroine|crack|meth|mdma|ecstasy|ecsta|ketamine|keta|lsd|proto|protoxyde|lyrica|tramadol|codeine|purple)`),
  cue('health', `(?:${I_AM}|je fais|jfais|${I_HAVE} fait|j ai fait|je traverse|je sombre|je suis en train de faire) (?:en |dans (?:la|une) |une |un )?(?:grosse |grave |vraie |pleine |petite )?(?:depression|burn out|burnout)|${I_AM} (?:depressif|depressive)`),
  cue('health', `(?:fais|fait|jfais|${I_HAVE}|ai eu|${I_AM} en|en pleine|en train de faire) (?:une |des |encore une |plein de |souvent des |tout le temps des )?(?:crises? d angoisses?|crises? de panique|attaques? de panique|crises? d anxiete)`),
  cue('health', `(?:je fais|jfais|je vais faire|jvais faire) un malaise|(?:je vais|jvais) m evanouir|(?:arrive|arrivent) (?:pas|plus) a respirer|(?:mal|douleur|douleurs) (?:a|dans) la poitrine|je saigne (?:beaucoup|enormement|trop|sans arret)`),
  cue('health', `(?:${I_HAVE}|peur d avoir|crois que j ai|je pense avoir|je pense que j ai) (?:une |le |la |un |des )?(?:ist|mst|vih|sida|chlamydia|syphilis|herpes genital)|${I_AM} (?:seropositif|seropositive)`),
  cue('health', `(?:je me|jme) fais vomir|${I_AM} (?:anorexique|boulimique)|(?:${I_HAVE}|je fais) (?:des |de l |de la |une )?(?:troubles? (?:alimentaires?|du comportement alimentaire)|anorexie|boulimie|tca)`),

  // ---- distress (sleeping outside, thrown out: a minor in danger when said by someone under 18)
  cue('distress', `(?:je vais|jvais|j vais|je vai|jvai) (?:tres |trop |vraiment |super |tellement |si |plutot |de plus en plus |hyper )?mal(?! (?:finir|tourner|le prendre|le vivre|m y prendre|faire|choisir|comprendre)\\b)`),
  cue('distress', `(?:je me|jme|me) sens (?:tres |trop |vraiment |super |tellement |si |hyper |de plus en plus |tellement )?(?:mal(?! a l aise\\b| (?:pour|de|d)\\b| dans (?!ma peau\\b))|vide|inutile|de trop|abandonnee?|desesperee?|en detresse|seule? au monde)`),
  cue('distress', `(?:je n en|j en|jen|n en|j n en|je en) (?:peux|peu|peut|pe) (?:plus|plu)(?! (?:de|d)\\b(?! (?:vivre|la vie|ma vie|cette vie|tout|rien|moi|cette situation|ce monde|ma famille|chez moi)\\b))`),
  cue('distress', `(?:je deprime|jdeprime|${I_AM} (?:deprimee?|au fond du trou|au bout du rouleau|a bout|en detresse|desesperee?|brisee?|detruite?|epuisee? moralement|a la derive)(?! (?:de|d)\\b))|mal dans ma peau`),
  cue('distress', `(?:marre|ras le bol) de (?:la vie|ma vie|cette vie|tout(?! (?:ce|cet|cette|ces|le|la|les|l)\\b)|moi|exister)`),
  cue('distress', `(?:ma vie|la vie) (?:est|c est) (?:nulle|un enfer|horrible|foutue|de la merde|pourrie|insupportable)|(?:ma vie|la vie) n a (?:plus|pas|aucun) (?:de |d )?sens|(?:je vis|jvis) (?:un|l) enfer|c est l enfer (?:a la maison|chez moi)`),
  cue('distress', `(?:je|j) (?:pleure|pleur) (?:tout le temps|tous les jours|toutes les nuits|sans arret|chaque (?:jour|soir|nuit)|h24|toute la journee)`),
  cue('distress', `(?:je craque|jcraque|je vais craquer|jvais craquer|je suis en train de craquer|${I_HAVE} craque)(?! (?:pour|sur|mon|ma|le|la|les)\\b)`),
  cue('distress', `personne (?:ne )?(?:m aide|m ecoute|me comprend|m aime|me croit|s interesse a moi|est la pour moi)(?! ${ABOUT_THE_SEARCH}\\b)`),
  cue('distress', `(?:je sers|jsers|je ne sers) a rien|${I_AM} (?:un fardeau|un poids) pour`),
  cue('distress', `(?:n ai|${I_HAVE}|ai) (?:plus )?(?:rien|pas de quoi|plus rien|pas d argent pour) (?:a )?manger|(?:pas|rien) mange depuis (?:hier|des jours|plusieurs jours|deux jours|trois jours|\\d+ jours)`),
  cue('distress', `(?:${I_AM}|je me retrouve|jme retrouve|je vais me retrouver|je vis|je dors|jdors) (?:a la|dans la) rue|${I_AM} (?:sdf|sans abri|sans domicile(?: fixe)?|sans logement|sans toit)`, 'minor_in_danger'),
  cue('distress', `(?:je dors|jdors|je dormais|je vais dormir|${I_HAVE} dormi|je vis|je dors encore) (?:dehors|dans la rue|dans (?:ma|une|la) (?:voiture|gare|cage d escalier)|sous un pont|dans un parc|a la gare)`, 'minor_in_danger'),
  cue('distress', `(?:n ai|ai|${I_HAVE}) (?:nulle part|nul part|pas d endroit|plus d endroit|aucun endroit|pas de toit|plus de toit) (?:ou|pour) (?:dormir|aller|vivre|loger)`, 'minor_in_danger'),
  cue('distress', `(?:${FAMILY}|on) ${TO_ME} (?:mise?|jetee?|viree?|foutue?|foutu|chassee?|mettent|jettent|virent|foutent|met|jette|vire|fout) (?:dehors|a la porte|de la maison|de chez (?:moi|eux|nous))(?! (?:du|de la|de l|de mon|de ma) (?:stage|cours|formation|classe|entreprise|boulot|travail|magasin))`, 'minor_in_danger'),
];

/** "j'ai 15 ans", "je suis mineure", "moins de 18 ans": the person says they are under 18. */
const MINOR = new RegExp(
  `\\b(?:(?:${I_HAVE}|j|ai|j ai que|jai que) (?:1[0-7]|dix|onze|douze|treize|quatorze|quinze|seize|dix sept) ?ans(?! (?:d|de|dans|pour|que)\\b)|${I_AM} (?:encore )?(?:une |un )?mineure?|(?:moins de|pas encore) 18 ?ans|${I_AM} (?:au college|collegienne?))\\b`,
);

/** The most urgent sensitive subject the message says, with its words as written. */
export function detectSensitive(text: string | undefined): SensitiveMatch | undefined {
  if (!text?.trim()) return undefined;
  const n = normalizeWithOffsets(text);
  const minor = MINOR.test(n.text);
  const found = new Map<SensitiveTopic, { start: number; end: number }>();
  for (const { topic, minor: minorTopic, pattern } of CUES) {
    const saidTopic = minor && minorTopic ? minorTopic : topic;
    if (!saidTopic) continue;
    const m = pattern.exec(n.text);
    if (!m) continue;
    const start = m.index;
    const end = start + m[0].length;
    const before = found.get(saidTopic);
    // Within a topic, the first words of the message are the ones reported.
    if (!before || start < before.start || (start === before.start && end > before.end)) found.set(saidTopic, { start, end });
  }
  for (const topic of PRIORITY) {
    const at = found.get(topic);
    if (at) return { topic, said: mentionAt(n, at.start, at.end).said };
  }
  return undefined;
}
