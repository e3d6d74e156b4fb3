// Occupations and skills named in free French text, placed in the ROME referential (France Travail).
//
// Index: every job title of the ROME (about 11,000, each in its masculine and feminine form) and every
// fiche label go into a trie keyed by their content words (function words such as "de", "l'", "en"
// dropped; plural folded). Each trie node counts, per fiche, the titles that start with the words that
// lead to it, and which titles end exactly there.
//
// Matching: from each word of the message, walk the trie as far as the words allow (longest match:
// "agent de sécurité" rather than "agent"). People rarely write a whole title ("soudeurs" while every
// title says "Soudeur à l'arc…", "Soudeur TIG"…), so the node's counts are a vote: a title that is
// exactly the words said wins; else a clear majority of one fiche gives the fiche; else a majority of
// one domain gives only the domain; else the words are an occupation that ROME does not place.
// Heads that start titles in too many fiches ("agent", "technicien", "responsable", "conducteur") are
// generic: alone they are not reported; the data decides which words are generic, not a list.
// Skills that name no occupation (CACES, HACCP…) come from the table in skills.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mentionAt, normalize, normalizeWithOffsets, type Mention, type Normalized } from './normalize';
import { SKILLS } from './skills';

export interface OccupationMatch extends Mention {
  kind: 'occupation' | 'skill';
  /** ROME fiche code (e.g. "N1101") when confident enough, else null. */
  rome: string | null;
  romeLabel: string | null;
  /** Domain letter A–N: at least this when the fiche is uncertain (null only if nothing at all is known). */
  domain: string | null;
  domainLabel: string | null;
  /** 0..1: how sure the placement in ROME is. */
  confidence: number;
}

export interface RomeFiche {
  code: string;
  label: string;
  domain: string;
  domainLabel: string;
}

// From the sources (services/understanding/) or from the compiled build (dist/services/understanding/):
// the CSV is not compiled, it stays in services/understanding/data/.
const DATA_DIR = existsSync(path.join(__dirname, 'data', 'rome.csv'))
  ? path.join(__dirname, 'data')
  : path.resolve(__dirname, '..', '..', '..', 'services', 'understanding', 'data');
const DEFAULT_CSV = path.join(DATA_DIR, 'rome.csv');

// Dropped from titles and skipped in messages, so that "agents entretien", "agents d'entretien" and
// "agent de l'entretien" read alike. "et" / "ou" are kept: "vendeurs et caissiers" are two occupations.
const CONNECTORS = new Set(['et', 'ou']);
const FUNCTION_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'l', 'la', 'le', 'les', 'un', 'une', 'sur', 'pour', 'par', 'dans', 'avec', 'chez', 'aupres']);

// Words that begin some ROME title or label but, in a message about training needs, speak of the
// training, the company or the staff in general: they never start a mention ("formation
// professionnelle" is a fiche label, "Lyon Métal Services" is a company, "nos salariés" is everyone).
const CONTEXT_WORDS = new Set(
  ['formation', 'stage', 'entreprise', 'societe', 'site', 'equipe', 'service', 'personne', 'gens', 'salarie', 'salariee', 'collaborateur', 'collaboratrice', 'personnel', 'metier', 'poste', 'emploi', 'travail', 'groupe', 'agence', 'structure', 'atelier', 'client', 'public', 'direction', 'management', 'gestion', 'information', 'conseil', 'organisation'].map(wordKey),
);

// One-word titles (or first words of titles) that are also everyday words, machines, prefixes of
// compounds or English words: alone they are not an occupation ("dans le cadre de", "un guide",
// "salariés mineurs", "les erreurs commises", "la carrière", "une pointeuse", "bio",
// "data"); with more title words they are ("guide conférencier", "commis de cuisine", "chef de
// chantier"). Picked by reading the ~2,400 first words that place on their own; generic heads
// ("chef", "assistant", "pilote") need no entry: the vote already rejects them.
const AMBIGUOUS_ALONE = new Set(
  [
    // everyday French words and roles of the training world
    'cadre', 'guide', 'mineur', 'mineuse', 'mousse', 'garde', 'commis', 'commise', 'facteur', 'marin', 'patron', 'patronne', 'juge', 'second', 'seconde', 'premiere', 'deuxieme', 'maitre', 'maitresse', 'grand', 'grande', 'haut', 'bout', 'demi', 'contre', 'co', 'vice', 'sage', 'taille', 'correspondant', 'correspondante', 'porteur', 'porteuse', 'membre', 'critique', 'social', 'principal', 'principale', 'permanent', 'permanente', 'professionnel', 'professionnelle', 'specialiste', 'modele', 'doublure', 'support', 'interface', 'destination', 'personnage', 'silhouette', 'manoeuvre', 'carriere', 'quartier', 'agree', 'agreee', 'engage', 'engagee', 'envoye', 'envoyee', 'prepose', 'preposee', 'delegue', 'deleguee', 'eleve', 'tuteur', 'tutrice', 'intervenant', 'intervenante', 'cadet', 'consul', 'traitant', 'traitante', 'valet', 'servant', 'servante', 'art', 'nez', 'radio', 'video', 'record', 'net', 'spa', 'voix', 'mannequin', 'auxiliaire', 'exploitant', 'exploitante', 'observateur', 'observatrice', 'compagnon', 'compagnonne',
    // objects and machines (often the feminine form of a title)
    'couleur', 'classeur', 'marqueur', 'batteur', 'chargeur', 'capteur', 'planeur', 'lanceur', 'passeur', 'pointeur', 'traceur', 'simulateur', 'calculateur', 'calculatrice', 'detecteur', 'detectrice', 'distributeur', 'distributrice', 'injecteur', 'programmateur', 'conditionneur', 'regulateur', 'transmetteur', 'afficheur', 'tondeuse', 'perceuse', 'ponceuse', 'foreuse', 'laveuse', 'plieuse', 'trieuse', 'tireuse', 'couseuse', 'presseuse', 'agrafeuse', 'fraiseuse', 'cintreuse', 'malaxeuse', 'chargeuse', 'abatteuse', 'poudreuse', 'pointeuse', 'trancheuse', 'tronconneuse', 'decoupeuse', 'etiqueteuse', 'emballeuse', 'palettiseuse', 'debitrice', 'imprimeuse', 'lanceuse', 'batteuse', 'planeuse', 'extracteur', 'extractrice',
    // first halves of compounds ("Éco-garde", "Bio-ingénieur", "Sous-officier")
    'eco', 'agro', 'bio', 'socio', 'technico', 'gastro', 'oto', 'podo', 'sous',
    // English words of English titles
    'game', 'level', 'lead', 'family', 'baby', 'ship', 'ramp', 'road', 'sound', 'music', 'disc', 'dee', 'gogo', 'strip', 'night', 'bid', 'plate', 'supply', 'revenue', 'yield', 'analyst', 'traffic', 'story', 'motion', 'layout', 'visual', 'wedding', 'writer', 'producer', 'talent', 'chief', 'risk', 'travel', 'cash', 'credit', 'customer', 'product', 'project', 'network', 'office', 'junior', 'senior', 'post', 'data', 'digital', 'mobile', 'media', 'web', 'ui', 'ux', 'cyber', 'bim', 'community', 'procurement',
  ].map(wordKey),
);

// Courtesy titles before a surname ("Mme Boulanger", "M. Berger"): the next word is a name.
const COURTESY = new Set(['m', 'mr', 'mme', 'mlle', 'monsieur', 'madame', 'mademoiselle', 'dr', 'docteur', 'me', 'maitre']);

const DETERMINERS = new Set(['un', 'une', 'des', 'les', 'le', 'la', 'l', 'nos', 'vos', 'mes', 'ses', 'leurs', 'notre', 'votre', 'mon', 'ma', 'son', 'sa', 'leur', 'ce', 'ces', 'cet', 'cette', 'quelques', 'plusieurs', 'nouveaux', 'nouvelles', 'futurs', 'futures']);

// Tuning of the vote, see decide().
const MAJORITY = 0.5; // share of the votes the first fiche needs…
const LEAD = 2; //       …and how many times the second fiche's votes it needs
const DOMAIN_MAJORITY = 0.6;
const MAX_FICHES = 12; // above this, words that neither resolve nor agree on a domain are generic
const LABEL_FACTOR = 0.5;

/** Plural folded, the same way on titles and messages: "animaux" → "animal", "commandes" → "commande". */
export function wordKey(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('men')) return `${word.slice(0, -3)}man`; // "barmen", "cameramen"
  if (word.endsWith('aux') && !word.endsWith('eaux')) return `${word.slice(0, -3)}al`;
  if (word.endsWith('s') || word.endsWith('x')) return word.slice(0, -1);
  return word;
}

function contentKeys(normalizedTitle: string): string[] {
  return normalizedTitle
    .split(/[\s/]+/)
    .filter((w) => w && !FUNCTION_WORDS.has(w))
    .map(wordKey);
}

// ---------------------------------------------------------------------------------------------
// Job titles: "Chef soudeur / soudeuse" → "chef soudeur", "chef soudeuse".
//
// Each " / " separates a masculine run of words from its feminine replacement, followed by words
// shared by both. Which masculine words are replaced is read from the words themselves: the first
// feminine word is aligned with the masculine word it shares the longest beginning with ("soudeuse" ↔
// "soudeur", so "chef" is kept), and the last masculine word with the feminine word it resembles
// ("chargé" ↔ "chargée" in "Technicien chargé / Technicienne chargée de…", so "de…" is shared).
// A capitalised feminine part after the first masculine part restarts the title ("Homme sage-femme
// / Sage-femme"), unless the masculine word it resembles is capitalised too ("Auxiliaire Spécialisé
// / Spécialisée Vétérinaire"). When nothing resembles ("Steward / Hôtesse"), the replacement is
// word for word. The few slashes between alternatives ("granulés / pellets") read the same way.
// ---------------------------------------------------------------------------------------------

function titleWords(segment: string): string[] {
  return normalize(segment).split(/[\s/]+/).filter(Boolean);
}

/** Whether each word of a title segment begins with a capital, word for word with titleWords(). */
function capitalised(segment: string): boolean[] {
  return segment
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9œæŒÆ]+/)
    .filter(Boolean)
    .map((word) => /^[A-ZŒÆ]/.test(word));
}

function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Index in `candidates` of the word that resembles `word` (same word, or same first 3+ letters), or -1. */
function resembling(word: string, candidates: string[]): number {
  let best = -1;
  let bestLength = 0;
  candidates.forEach((candidate, i) => {
    const length = candidate === word ? Infinity : sharedStart(word, candidate);
    if (length >= 3 && length > bestLength) {
      best = i;
      bestLength = length;
    }
  });
  return best;
}

/** The masculine and feminine titles (normalised words joined by spaces) of a ROME job title. */
export function expandTitle(raw: string): string[] {
  const segments = raw.split(/\s+\/\s*|\s*\/\s+/);
  let masculine = titleWords(segments[0]);
  let feminine = [...masculine];
  let pending = [...masculine]; // the masculine words the next feminine part may replace
  for (let s = 1; s < segments.length; s++) {
    const part = titleWords(segments[s]);
    if (part.length === 0) continue;
    let from = resembling(part[0], pending);
    const restarts = s === 1 && capitalised(segments[s])[0] && !(from >= 0 && capitalised(segments[0])[from]);
    if (restarts) from = 0;
    let through = resembling(pending[pending.length - 1], part);
    if (from < 0 && through < 0) from = pending.length - 1;
    if (from < 0) from = Math.max(0, pending.length - (through + 1));
    if (through < 0) through = Math.min(part.length - 1, pending.length - 1 - from);
    feminine = [...feminine.slice(0, feminine.length - (pending.length - from)), ...part.slice(0, through + 1)];
    const shared = part.slice(through + 1);
    masculine = [...masculine, ...shared];
    feminine = [...feminine, ...shared];
    if (shared.length > 0) pending = shared;
  }
  const forms = [masculine.join(' '), feminine.join(' ')];
  return forms[0] === forms[1] ? [forms[0]] : forms;
}

// ---------------------------------------------------------------------------------------------
// CSV: Rome1;Rome2;Rome3;Intitule;OGR, with quoted labels that may hold semicolons.
// ---------------------------------------------------------------------------------------------

function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') field += line[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

interface RomeRows {
  fiches: Map<string, RomeFiche>;
  domains: Map<string, string>;
  titles: { fiche: string; title: string }[];
}

function readRome(csvPath: string): RomeRows {
  const domains = new Map<string, string>();
  const fiches = new Map<string, RomeFiche>();
  const titles: RomeRows['titles'] = [];
  for (const line of readFileSync(csvPath, 'utf8').split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const [domain, group, number, label, ogr] = csvFields(line);
    const code = `${domain}${group}${number}`;
    if (!group) domains.set(domain, label);
    else if (!number) continue; // sub-domain: not a placement of its own
    else if (!ogr) fiches.set(code, { code, label, domain, domainLabel: domains.get(domain) ?? '' });
    else titles.push({ fiche: code, title: label });
  }
  return { fiches, domains, titles };
}

// ---------------------------------------------------------------------------------------------
// The trie and the vote.
// ---------------------------------------------------------------------------------------------

// Maps are created only where needed: most of the ~38,000 nodes have no children and no exact title.
interface Votes {
  /** Titles (or labels) that start with the node's words, per fiche. */
  through: Map<string, number>;
  /** Titles (or labels) that are exactly the node's words, per fiche. */
  exact?: Map<string, number>;
}

interface TrieNode {
  next?: Map<string, TrieNode>;
  titles?: Votes;
  labels?: Votes;
  placement?: Placement | null;
}

interface Placement {
  kind: 'occupation' | 'skill';
  rome: string | null;
  domain: string | null;
  confidence: number;
}

const votesOf = (node: TrieNode, kind: 'titles' | 'labels'): Votes => (node[kind] ??= { through: new Map() });
const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * Adds one title (all its forms) or label: one vote per node it passes, even where both genders pass.
 * Labels vote from their second word on: a lone first word of an activity ("conduite", "vente",
 * "sécurité") is too vague, a whole one-word label ("Comptabilité", "Coiffure") is not.
 */
function insert(root: TrieNode, forms: string[][], fiche: string, kind: 'titles' | 'labels') {
  const voted = new Set<TrieNode>();
  const ended = new Set<TrieNode>();
  for (const keys of forms) {
    let node = root;
    keys.forEach((key, depth) => {
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = {}));
      node = child;
      if ((kind === 'titles' || depth >= 1) && !voted.has(node)) {
        voted.add(node);
        add(votesOf(node, kind).through, fiche);
      }
    });
    if (node !== root && !ended.has(node)) {
      ended.add(node);
      add((votesOf(node, kind).exact ??= new Map()), fiche);
    }
  }
}

function ranked(counts: Map<string, number>): [string, number][] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Turns a node's votes into a placement (or null: nothing worth reporting). */
function decide(node: TrieNode): Placement | null {
  const kind = node.titles?.through.size ? 'occupation' : 'skill';
  const votes = kind === 'occupation' ? node.titles : node.labels;
  const placement = votes ? vote(votes) : null;
  // A fiche label names an activity ("Comptabilité"), which says less about the occupation than a title.
  return placement && { kind, ...placement, confidence: round(placement.confidence * (kind === 'skill' ? LABEL_FACTOR : 1)) };
}

function vote(votes: Votes): Omit<Placement, 'kind'> | null {
  if (votes.exact) {
    // The words said are a whole title: its fiche, whatever longer titles say.
    const exact = votes.exact;
    const [[fiche]] = ranked(new Map([...exact.keys()].map((f) => [f, exact.get(f)! * 1000 + (votes.through.get(f) ?? 0)])));
    return { rome: fiche, domain: fiche[0], confidence: exact.size === 1 ? 0.9 : 0.7 };
  }
  const fiches = ranked(votes.through);
  const total = fiches.reduce((sum, [, n]) => sum + n, 0);
  const [[top, first], second] = fiches;
  const share = first / total;
  if (share >= MAJORITY && first >= LEAD * (second?.[1] ?? 0)) {
    return { rome: top, domain: top[0], confidence: Math.min(0.85, 0.4 + 0.5 * share) };
  }
  const [[domain, inDomain]] = ranked(fiches.reduce((m, [f, n]) => m.set(f[0], (m.get(f[0]) ?? 0) + n), new Map<string, number>()));
  const domainShare = inDomain / total;
  if (domainShare >= DOMAIN_MAJORITY) return { rome: null, domain, confidence: 0.2 + 0.4 * domainShare };
  if (fiches.length <= MAX_FICHES) return { rome: null, domain: null, confidence: 0.15 };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Messages.
// ---------------------------------------------------------------------------------------------

interface Token {
  start: number; // in the normalised text
  end: number;
  key: string;
  functionWord: boolean;
  /** Punctuation between this word and the previous one: a mention does not cross it. */
  breakBefore: boolean;
  sentenceStart: boolean;
  capital: boolean;
}

function tokenize(n: Normalized): Token[] {
  const tokens: Token[] = [];
  for (const m of n.text.matchAll(/[a-z0-9@]+/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    const previous = tokens[tokens.length - 1];
    const between = previous ? n.original.slice(n.at[previous.end - 1] + 1, n.at[start]) : '';
    const first = n.original[n.at[start]];
    tokens.push({
      start,
      end,
      key: wordKey(m[0]),
      functionWord: FUNCTION_WORDS.has(m[0]),
      breakBefore: /[,;:.!?()[\]{}«»"“”…\n]|\s[-–—]\s/.test(between),
      sentenceStart: !previous || /[.!?…\n]/.test(between),
      capital: first !== first.toLowerCase(),
    });
  }
  return tokens;
}

interface Candidate {
  start: number;
  end: number;
  placement: Placement;
}

export class OccupationIndex {
  private constructor(
    private readonly root: TrieNode,
    private readonly fiches: Map<string, RomeFiche>,
    private readonly domains: Map<string, string>,
  ) {}

  static load(csvPath: string = DEFAULT_CSV): OccupationIndex {
    const { fiches, domains, titles } = readRome(csvPath);
    const root: TrieNode = {};
    for (const { fiche, title } of titles) insert(root, expandTitle(title).map(contentKeys), fiche, 'titles');
    for (const fiche of fiches.values()) insert(root, [contentKeys(normalize(fiche.label))], fiche.code, 'labels');
    const index = new OccupationIndex(root, fiches, domains);
    // The first run compiles the skill patterns (some ms): pay it at start-up, not on someone's message.
    index.find(normalizeWithOffsets('Former 2 soudeurs au CACES R489 et à l’habilitation électrique B0, HACCP, SST.'));
    return index;
  }

  fiche(code: string): RomeFiche | undefined {
    return this.fiches.get(code.toUpperCase());
  }

  find(text: Normalized): OccupationMatch[] {
    const tokens = tokenize(text);
    const candidates = [...skillCandidates(text), ...this.titleCandidates(text, tokens)];
    return nonOverlapping(candidates).map((c) => this.toMatch(text, c));
  }

  private titleCandidates(n: Normalized, tokens: Token[]): Candidate[] {
    const allCaps = !/\p{Ll}/u.test(n.original);
    const candidates: Candidate[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].functionWord || CONTEXT_WORDS.has(tokens[i].key)) continue;
      const longest = this.longestAt(tokens, i);
      if (!longest) continue;
      const { node, last } = longest;
      if (last === i && AMBIGUOUS_ALONE.has(tokens[i].key)) continue;
      if (!allCaps && isPartOfName(tokens, i, last)) continue;
      if (isTheTrainer(n, tokens, i, last)) continue;
      if (node.placement === undefined) node.placement = decide(node);
      if (node.placement) candidates.push({ start: tokens[i].start, end: tokens[last].end, placement: node.placement });
    }
    return candidates;
  }

  /** The deepest trie node the words from `i` lead to, skipping function words, not crossing punctuation. */
  private longestAt(tokens: Token[], i: number): { node: TrieNode; last: number } | undefined {
    const start = this.root.next?.get(tokens[i].key);
    if (!start) return undefined;
    let node: TrieNode = start;
    let best = { node, last: i };
    for (let j = i + 1; j < tokens.length && !tokens[j].breakBefore; j++) {
      if (tokens[j].functionWord) continue;
      const next: TrieNode | undefined = node.next?.get(tokens[j].key);
      if (!next) break;
      node = next;
      // "agents d'entretien et des agents de propreté": a mention does not end on "et".
      if (!CONNECTORS.has(tokens[j].key)) best = { node, last: j };
    }
    return best;
  }

  private toMatch(n: Normalized, { start, end, placement }: Candidate): OccupationMatch {
    const fiche = placement.rome ? this.fiches.get(placement.rome) : undefined;
    return {
      ...mentionAt(n, start, end),
      kind: placement.kind,
      rome: placement.rome,
      romeLabel: fiche?.label ?? null,
      domain: placement.domain,
      domainLabel: placement.domain ? (this.domains.get(placement.domain) ?? null) : null,
      confidence: placement.confidence,
    };
  }
}

/**
 * A capitalised title inside a sentence is a surname or a company name when it is a single word, or
 * next to another capitalised word, or after "M." or "Mme" ("Pierre Berger", "Mme Boulanger",
 * "Berger Transports"). Not after a determiner or a number ("nos Caristes", "3 Soudeurs"): names
 * do not take one. At the start of a sentence a capital says nothing.
 */
function isPartOfName(tokens: Token[], first: number, last: number): boolean {
  const head = tokens[first];
  const before = tokens[first - 1];
  const after = tokens[last + 1];
  if (before && COURTESY.has(before.key) && !head.breakBefore) return true;
  if (!head.capital || head.sentenceStart) return false;
  if (before && !head.breakBefore && (DETERMINERS.has(before.key) || /^\d+$/.test(before.key))) return false;
  const capitalBefore = before && before.capital && !before.sentenceStart && !head.breakBefore;
  const capitalAfter = after && after.capital && !after.breakBefore;
  return first === last || Boolean(capitalBefore || capitalAfter);
}

// "un formateur", "par des formateurs", "formateur externe": who gives the training, not who needs it.
const TRAINER_BEFORE = /(?:^| )(?:par|avec|via|un|une|notre|votre|le|la|l|du|d|cherche|recherche|trouver) (?:(?:des|les|un|une|nos|vos|le|la|l) )?$/;
const TRAINER_AFTER = /^ (?:externe|agree|certifie|habilite|qualifie|independant|specialise)/;

function isTheTrainer(n: Normalized, tokens: Token[], first: number, last: number): boolean {
  if (!/^format(eur|rice)$/.test(tokens[first].key)) return false;
  const before = n.text.slice(Math.max(0, tokens[first].start - 30), tokens[first].start);
  return TRAINER_BEFORE.test(before) || TRAINER_AFTER.test(n.text.slice(tokens[last].end, tokens[last].end + 15));
}

const SKILL_PATTERNS = SKILLS.map((entry) => ({
  entry,
  pattern: new RegExp(`(?<![a-z0-9@])(?:${entry.pattern.source})(?![a-z0-9@])`, 'g'),
}));

function skillCandidates(n: Normalized): Candidate[] {
  const candidates: Candidate[] = [];
  for (const { entry, pattern } of SKILL_PATTERNS) {
    for (const m of n.text.matchAll(pattern)) {
      const rome = entry.rome ?? null;
      const domain = entry.domain ?? rome?.[0] ?? null;
      candidates.push({ start: m.index!, end: m.index! + m[0].length, placement: { kind: 'skill', rome, domain, confidence: entry.confidence } });
    }
  }
  return candidates;
}

/**
 * Longest first, keeping those that overlap nothing kept; in text order. On the same words the skill
 * table, written for the purpose, wins over the titles ("secouristes" is SST, not the civil-defence fiche).
 */
function nonOverlapping(candidates: Candidate[]): Candidate[] {
  // The sort is stable and candidates come table first.
  const sorted = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of sorted) if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}
