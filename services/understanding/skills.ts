// Skills, certificates and tools that HR managers name instead of an occupation ("CACES R489",
// "habilitation électrique B1V", "Excel"). ROME job titles rarely contain them, so a small table
// places each in ROME: a fiche only when the skill belongs to one occupation, else a domain or nothing,
// with a confidence that says how much the skill tells about the occupation.
//
// Patterns are matched on the normalised text (lower case, no accents, one space between words) and
// are wrapped in word boundaries by the recognizer. The match is what is reported, so the patterns
// take in the category or level that follows ("CACES R489 cat 3", "habilitation électrique BR").

export interface SkillEntry {
  pattern: RegExp;
  rome?: string;
  domain?: string;
  confidence: number;
}

// "cat 1 3 et 5", "categories 1a 1b", "categorie a": the categories that may follow a CACES recommendation.
const CATEGORY = String.raw`(?:\d{1,2}[a-z]?|[a-g])`; // R482 categories are letters
const CATEGORIES = String.raw`(?: (?:cat|categ|categorie|categories) ?${CATEGORY}(?:(?: et| ou)? \d{1,2}[a-z]?| (?:et|ou) [a-g])*)?`;
const caces = (recommendations: string, machines: string) =>
  new RegExp(String.raw`caces (?:(?:${machines}) )?r ?(?:${recommendations})${CATEGORIES}|caces (?:${machines})|(?:recommandation )?r ?(?:${recommendations})\b${CATEGORIES}`);

// Electrical clearance levels (NF C 18-510), after "habilitation"; B1, B2… alone are language levels.
const ELECTRICAL_LEVELS = String.raw`b0|h0|h0v|b0h0|h0b0|b1v|b2v|h1v|h2v|br|bc|hc|b1|b2|h1|h2|be|he|bs|bf|hf`;
const ELECTRICAL_LEVEL_RUN = String.raw`(?:(?:(?: et| ou)? |/)(?:${ELECTRICAL_LEVELS})(?: (?:essai|essais|mesure|mesurage|verification|manoeuvre|manoeuvres))?)*`;

// "le permis, c'est…", "permis d'exploitation", "permis de conduire": a letter that is not a licence category.
const NOT_A_CATEGORY = String.raw`(?! (?:est|etait|a|conduire|exploitation|exploiter|construire|travail|sejour|feu)\b)`;

export const SKILLS: SkillEntry[] = [
  // CACES for lift trucks (R489, R485 and the old R389) are the forklift driver's licence: "Cariste", N1101.
  { pattern: caces('489|485|389|386b', String.raw`chariots?(?: elevateurs?)?(?: (?:de manutention|automoteurs?))?|gerbeurs?|cariste`), rome: 'N1101', confidence: 0.8 },
  // "CACES 3", "CACES cat 5": the old numbering everyone still uses is that of lift trucks (R389/R489).
  { pattern: new RegExp(String.raw`caces (?:(?:cat|categ|categorie|categories) ?)?[1-7][a-z]?(?:(?: et| ou|) [1-7][a-z]?)*`), rome: 'N1101', confidence: 0.6 },
  // Earth-moving machines (R482, old R372) belong to "Conduite d'engins de terrassement et de carrière".
  { pattern: caces('482|372', String.raw`engins? de chantier|engins? de terrassement|mini pelles?|pelles?|chargeuses?`), rome: 'F1302', confidence: 0.75 },
  // Tower and mobile cranes (R487, R483, old R377 and R383) are "Conduite de grue".
  { pattern: caces('487|483|377|383', String.raw`grues?(?: a tour| mobiles?)?`), rome: 'F1301', confidence: 0.75 },
  // Aerial platforms (R486, old R386), bridge cranes (R484) and loader cranes (R490) serve many trades:
  // electricians, tree surgeons, maintenance, warehouse, drivers. No fiche, no domain.
  { pattern: caces('486|386|484|490|390|423', String.raw`nacelles?|pemp|ponts? roulants?|grues? auxiliaires?|grues? de chargement`), confidence: 0.2 },
  // A bare "CACES" does not say which machine.
  { pattern: /caces/, confidence: 0.2 },
  // HACCP training is compulsory in commercial catering (G); it also serves food shops and the food industry.
  { pattern: /haccp|hygiene (?:et securite )?(?:alimentaire|des aliments|des denrees)(?: en restauration(?: commerciale)?)?|plan de maitrise sanitaire/, domain: 'G', confidence: 0.3 },
  // Electrical clearances are needed by electricians (F1602, I1309…) and by non-electricians (B0/H0): no domain.
  { pattern: new RegExp(String.raw`habilitations? electriques?${ELECTRICAL_LEVEL_RUN}|habilitations? (?:${ELECTRICAL_LEVELS})${ELECTRICAL_LEVEL_RUN}`), confidence: 0.2 },
  // Alone, only the levels that cannot be anything else.
  { pattern: /b0 ?h0 ?v?|h0 ?b0|b1v|b2v|h1v|h2v/, confidence: 0.2 },
  // Office software is used in every trade.
  { pattern: /bureautique|pack office|suite office|microsoft office|excel|word|powerpoint|power point|outlook|tableur|traitement de texte/, confidence: 0.1 },
  // First aid at work is asked of any employee.
  { pattern: /sst|sauveteurs? secouristes?(?: du travail)?|secouristes?(?: du travail| d entreprise)?|mac sst|psc ?1|premiers secours|gestes qui sauvent|secourisme/, confidence: 0.1 },
  // Work at height, scaffolding (R408/R457) and network works (AIPR) are mostly building trades (F).
  { pattern: /trava(?:il|ux) en hauteur|port du harnais|montage (?:et (?:demontage|utilisation) )?d echafaudages?(?: fixes| roulants)?|echafaudages?(?: fixes| roulants)?|r ?408|r ?457|aipr/, domain: 'F', confidence: 0.3 },
  // Manual arc welding processes are "Soudage manuel" (H2913); plain "soudure" is also the plumber's brazing.
  // "MAG" alone is too often a magazine or a shop ("mag") to be taken without "soudure" or "MIG".
  { pattern: /(?:soudure|soudage)(?:(?: |\/)(?:a l arc|a l electrode(?: enrobee)?|semi automatique|au chalumeau|oxyacetylenique|tig|mig|mag|arc|electrode|fil fourre|plasma))+|(?:procedes? )?(?:tig|mig)(?:(?: |\/)(?:tig|mig|mag))*/, rome: 'H2913', confidence: 0.7 },
  { pattern: /soudure|soudage/, rome: 'H2913', confidence: 0.5 },
  // Heavy-goods licences and the goods FIMO/FCO are long-distance freight driving (N4101).
  { pattern: new RegExp(String.raw`permis (?:c1e|c1|ce|c|ec|poids lourds?|pl|spl|super lourds?)${NOT_A_CATEGORY}(?: et (?:fimo|fco)(?: marchandises?)?)?|fimo marchandises?|fco marchandises?|adr(?: citerne| colis)?`), rome: 'N4101', confidence: 0.6 },
  // Bus and coach licences and the passenger FIMO/FCO are public road transport (N4103).
  { pattern: new RegExp(String.raw`permis (?:d1e|d1|de|d|transport en commun|tc)${NOT_A_CATEGORY}(?: et (?:fimo|fco)(?: voyageurs?)?)?|fimo voyageurs?|fco voyageurs?`), rome: 'N4103', confidence: 0.6 },
  // FIMO or FCO alone: a professional driver (N), goods or passengers.
  { pattern: /fimo|fco/, domain: 'N', confidence: 0.4 },
  // A car licence is asked of anyone.
  { pattern: new RegExp(String.raw`permis b${NOT_A_CATEGORY}|permis de conduire`), confidence: 0.1 },
  // Languages, for any job (including sign language: learning it does not make an interpreter).
  { pattern: /(?:anglais|allemand|espagnol|italien|francais langue etrangere|fle)(?: (?:professionnel|technique|commercial|des affaires|oral|ecrit))?|langue des signes(?: francaise)?|lsf|toeic|bulats|linguaskill/, confidence: 0.1 },
  // Desktop publishing is the trade of prepress (E1306) and graphic designers (E1205): domain E.
  { pattern: /pao|publication assistee par ordinateur|indesign|illustrator|photoshop|suite adobe/, domain: 'E', confidence: 0.4 },
  // Fire safety officer qualifications (SSIAP 1 to 3) are "Sécurité et surveillance privées" (K2503).
  { pattern: /ssiap(?: ?[1-3])?|service de securite incendie et d assistance a personnes/, rome: 'K2503', confidence: 0.7 },
  // The private security card (CQP APS, TFP APS) is also K2503.
  { pattern: /(?:cqp|tfp) aps|carte professionnelle (?:cnaps|de securite)/, rome: 'K2503', confidence: 0.7 },
  // The BAFA is the certificate of holiday and leisure centre leaders (G1203); the BAFD of their directors.
  { pattern: /bafa/, rome: 'G1203', confidence: 0.7 },
  { pattern: /bafd|bpjeps|cpjeps|bapaat/, domain: 'G', confidence: 0.4 },
  // Posture and manual handling prevention is asked of anyone who lifts.
  { pattern: /gestes et postures|prap(?: ibc| 2s)?|manutention manuelle/, confidence: 0.1 },
];
