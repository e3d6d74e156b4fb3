// Training needs in a company's own words: "On doit former 4 caristes au CACES d'ici fin février à
// Vénissieux", "3 soudeurs et 2 comptables avant l'été". Each recognizer finds one kind of thing
// (occupations and skills, quantities, deadlines, places, modality); this module decides which
// belong together. A need is anchored on an occupation (or a skill, or "N personnes"); a quantity
// counts its people when it stands right before it ("4 caristes", "4 de nos caristes") or right
// after ("des soudeurs, une dizaine"); a deadline, place or modality belongs to the need of the
// stretch of text it is in, and one said once for the whole message belongs to every need.
import { indexIn, normalizeWithOffsets, type Normalized, type Span } from './normalize';
import { HeadcountRecognizer, type Quantity } from './headcount';
import { findModalities, type Modality, type ModalityMatch } from './modality';
import { OccupationIndex, type OccupationMatch } from './occupations';
import { PlaceIndex, type PlaceMatch } from './places';
import { DeadlineRecognizer, parisToday, type DeadlineMatch } from './deadline';

export interface OccupationField {
  said: string;
  rome: string | null;
  romeLabel: string | null;
  domain: string | null;
  domainLabel: string | null;
  confidence: number;
}
export interface HeadcountField {
  said: string;
  value: number;
  approximate: boolean;
}
export interface DeadlineField {
  said: string;
  start: string | null;
  end: string | null;
  urgent: boolean;
}
export interface PlaceField {
  said: string;
  insee: string | null;
  name: string;
  inMetropole: boolean;
}
export interface ModalityField {
  said: string;
  value: Modality;
}

/** One need as understood so far: any field may still be missing. */
export interface NeedDraft {
  occupation: OccupationField | null;
  headcount: HeadcountField | null;
  deadline: DeadlineField | null;
  place: PlaceField | null;
  modality: ModalityField | null;
}

export interface Analysis {
  needs: NeedDraft[];
  /** "une PME de 50 salariés": the company's headcount, when said (never taken for a need's). */
  companySize: number | null;
}

/** What a correction says ("la date c'est fin mars", "plutôt 6 personnes"): only the fields it names. */
export type Correction = Partial<Omit<NeedDraft, 'occupation'>> & { occupation?: OccupationField };

/** The understanding the dialogs and the API rely on. */
export interface NeedsUnderstanding {
  analyze(text: string): Analysis;
  occupationAnswer(text: string): OccupationField | undefined;
  headcountAnswer(text: string): HeadcountField | undefined;
  deadlineAnswer(text: string): DeadlineField | undefined;
  placeAnswer(text: string): PlaceField | undefined;
  correction(text: string): Correction;
  /** Every occupation or skill the text names that has a place in ROME (a fiche or a domain), in text order. */
  occupationsIn(text: string): OccupationField[];
  /** Today in Europe/Paris (YYYY-MM-DD): deadlines are resolved and checked against it. */
  today(): string;
}

const MAX_HEADCOUNT = 10_000;

// Words that may sit between a quantity and what it counts: "4 de nos futurs caristes", "6 personnes au poste de cariste".
const BETWEEN = new Set(
  'de d des du nos mes ses leurs vos nouveaux nouvelles nouvel futurs futures jeunes autres a au aux pour le la les l en tant que comme poste postes metier metiers profil profils type former forme formes formees qualifier'.split(' '),
);
const PEOPLE = /^(personnes?|salarie(e)?s?|collaborat(eur|rice)s?|employe(e)?s?|stagiaires?|apprenti(e)?s?|alternant(e)?s?|recrues?|interimaires?|nouveaux|nouvelles|gens|membres|agents?|personnels?|candidat(e)?s?|participant(e)?s?|apprenant(e)?s?|jeunes|postes?|operat(eur|rice)s?|ouvri(er|ere)s?|equipiers?|equipieres?|benevoles)$/;
const COMPANY_CUE = /\b(pme|tpe|eti|entreprise|societe|structure|boite|groupe|association|nous sommes|on est|nous comptons|qui compte|comptant|effectif( total)? de|employons|emploie|emploient|avons)\b[^,;.]{0,25}$|\b(pour|de|avec|sur|parmi|a) (nos|mes)$/;
// Punctuation and the words that start another need ("3 soudeurs et 2 comptables").
const CLAUSE_BREAK = /[,;.!?\n()[\]]|\s(?:et|puis|ainsi que|mais|plus|aussi|également|egalement|ensuite)\s|\s[+&/]\s/gi;

interface Anchor {
  occupation: OccupationMatch | null;
  skills: OccupationMatch[];
  headcount: Quantity | null;
  /** Where the need's own words start (its quantity, or the occupation itself). */
  lead: number;
  span: Span;
}

export interface NeedsAnalyzerDeps {
  occupations: OccupationIndex;
  places: PlaceIndex;
  deadlines: DeadlineRecognizer;
  headcounts: HeadcountRecognizer;
  /** The clock, for "today" (tests set it). */
  now?: () => Date;
}

export class NeedsAnalyzer implements NeedsUnderstanding {
  private readonly now: () => Date;

  constructor(private readonly deps: NeedsAnalyzerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Builds every index and model once, and warms the recognizers: the start-up cost, paid before the first message. */
  static create(
    now?: () => Date,
    indexes: Pick<NeedsAnalyzerDeps, 'occupations' | 'places'> = { occupations: OccupationIndex.load(), places: PlaceIndex.load() },
  ): NeedsAnalyzer {
    const analyzer = new NeedsAnalyzer({
      ...indexes,
      deadlines: new DeadlineRecognizer(),
      headcounts: new HeadcountRecognizer(),
      now,
    });
    analyzer.deps.deadlines.warmUp();
    analyzer.deps.headcounts.warmUp();
    analyzer.analyze('Nous devons former 4 caristes au CACES R489 et une dizaine de soudeurs avant le 15 janvier à Vénissieux, en présentiel.');
    return analyzer;
  }

  today(): string {
    return parisToday(this.now());
  }

  analyze(text: string): Analysis {
    const n = normalizeWithOffsets(text);
    const deadlines = this.deps.deadlines.find(n, this.today());
    const places = this.deps.places.find(n);
    const modalities = findModalities(n);
    const found = this.deps.occupations.find(n);
    const occupations = found.filter((o) => o.kind === 'occupation' && !saysWhoIsWriting(n, o));
    const skills = found.filter((o) => o.kind === 'skill');
    const taken: Span[] = [...deadlines, ...places, ...skills, ...modalities].map((m) => m.span);
    const quantities = this.deps.headcounts.find(n).filter((q) => !taken.some((s) => overlaps(s, q.span)));
    const clauses = clauseStarts(n, [...found, ...places, ...deadlines, ...quantities].map((m) => m.span));

    const { sizes, others } = splitCompanySize(n, quantities);
    const anchors = anchorsOf(n, clauses, occupations, skills, others);
    if (anchors.length === 0 && deadlines.length + places.length + modalities.length > 0) {
      anchors.push({ occupation: null, skills: [], headcount: null, lead: 0, span: [0, 0] });
    }
    anchors.sort((a, b) => a.lead - b.lead);
    const segments = anchors.map((a, i) => (i === 0 ? 0 : clauseStartBefore(clauses, a.lead)));
    const needs = anchors.map((anchor, i) => ({
      occupation: occupationField(anchor),
      headcount: anchor.headcount ? headcountField(anchor.headcount) : null,
      deadline: pick(deadlines, segments, i, deadlineField),
      place: pick(places, segments, i, placeField),
      modality: pick(modalities, segments, i, modalityField),
    }));
    return { needs, companySize: sizes[0]?.value ?? null };
  }

  occupationAnswer(text: string): OccupationField | undefined {
    const n = normalizeWithOffsets(text);
    const found = this.deps.occupations.find(n);
    const main = found.find((o) => o.kind === 'occupation') ?? found.find((o) => o.kind === 'skill');
    if (main) {
      return occupationField({ occupation: main.kind === 'occupation' ? main : null, skills: found.filter((o) => o.kind === 'skill'), headcount: null, lead: 0, span: main.span }) ?? undefined;
    }
    // Not in the referential: keep the person's words, so nothing said is lost; an advisor can place it later.
    const said = text.trim().replace(/^(c est|ce sont|il s agit de|pour|des|les|du|de la|de l|un|une)\s+/i, '').trim();
    if (!/\p{L}{2,}/u.test(said)) return undefined;
    return { said, rome: null, romeLabel: null, domain: null, domainLabel: null, confidence: 0 };
  }

  occupationsIn(text: string): OccupationField[] {
    const n = normalizeWithOffsets(text);
    return this.deps.occupations
      .find(n)
      .filter((o) => (o.rome || o.domain) && !saysWhoIsWriting(n, o))
      .map((o) => occupationField({ occupation: o, skills: [], headcount: null, lead: 0, span: o.span })!);
  }

  headcountAnswer(text: string): HeadcountField | undefined {
    const quantities = this.deps.headcounts.find(normalizeWithOffsets(text));
    const last = quantities[quantities.length - 1];
    return last ? headcountField(last) : undefined;
  }

  deadlineAnswer(text: string): DeadlineField | undefined {
    const [first] = this.deps.deadlines.find(normalizeWithOffsets(text), this.today());
    return first ? deadlineField(first) : undefined;
  }

  placeAnswer(text: string): PlaceField | undefined {
    const found = this.deps.places.answer(normalizeWithOffsets(text));
    return found ? placeField(found) : undefined;
  }

  correction(text: string): Correction {
    const n = normalizeWithOffsets(text);
    const correction: Correction = {};
    const [deadline] = this.deps.deadlines.find(n, this.today());
    if (deadline) correction.deadline = deadlineField(deadline);
    const [place] = this.deps.places.find(n);
    if (place) correction.place = placeField(place);
    const [modality] = findModalities(n);
    if (modality) correction.modality = modalityField(modality);
    const found = this.deps.occupations.find(n);
    const occupation = found.find((o) => o.kind === 'occupation') ?? found.find((o) => o.kind === 'skill');
    if (occupation) correction.occupation = this.occupationAnswer(text);
    const taken = [deadline, place, modality, ...found].filter(Boolean).map((m) => m!.span);
    // "pas 4 mais 6", "plutôt 6 personnes": the last number said is the one meant.
    const quantities = this.deps.headcounts.find(n).filter((q) => !taken.some((s) => overlaps(s, q.span)));
    if (quantities.length) correction.headcount = headcountField(quantities[quantities.length - 1]);
    return correction;
  }
}

/** Occupations anchor needs; skills join the occupation of their clause, or stand alone; quantities join what they count. */
function anchorsOf(n: Normalized, clauses: number[], occupations: OccupationMatch[], skills: OccupationMatch[], quantities: Quantity[]): Anchor[] {
  const anchors = mergeAlternatives(
    n,
    occupations.map((o) => ({ occupation: o, skills: [], headcount: null, lead: o.span[0], span: o.span })),
  );
  for (const skill of skills) {
    const clause = clauseStartBefore(clauses, skill.span[0]);
    const sameClause = anchors.filter((a) => clauseStartBefore(clauses, a.span[0]) === clause);
    const previous = [...anchors].reverse().find((a) => a.span[1] <= skill.span[0]);
    const target =
      nearest(sameClause, skill) ??
      (previous && !quantities.some((q) => q.span[0] > previous.span[1] && q.span[1] <= skill.span[0]) ? previous : undefined);
    if (target) target.skills.push(skill);
    else anchors.push({ occupation: null, skills: [skill], headcount: null, lead: skill.span[0], span: skill.span });
  }
  anchors.sort((a, b) => a.span[0] - b.span[0]);
  for (const q of quantities) {
    if (q.value >= 1 && q.value <= MAX_HEADCOUNT) attachQuantity(n, clauses, anchors, q);
  }
  return anchors;
}

/** "serveurs et serveuses", "infirmier/infirmière": one occupation said twice is one need. */
function mergeAlternatives(n: Normalized, anchors: Anchor[]): Anchor[] {
  const merged: Anchor[] = [];
  for (const anchor of anchors) {
    const previous = merged[merged.length - 1];
    const a = previous?.occupation;
    const b = anchor.occupation!;
    const joined = previous && /^\s*(et|ou|\/|,)\s*$/i.test(n.original.slice(previous.span[1], anchor.span[0]));
    const same = a && ((a.rome !== null && a.rome === b.rome) || (a.rome === null && b.rome === null && a.domain !== null && a.domain === b.domain));
    if (joined && same) {
      const span: Span = [previous.span[0], anchor.span[1]];
      previous.occupation = { ...(a.confidence >= b.confidence ? a : b), said: n.original.slice(span[0], span[1]), span };
      previous.span = span;
    } else {
      merged.push(anchor);
    }
  }
  return merged;
}

/**
 * A quantity counts the people of the occupation right after it ("4 de nos caristes"), or, followed by
 * "personnes" or after "former", those of a skill of its clause ("une formation SST pour 15 personnes")
 * or a need of its own whose occupation is still to ask; else of the occupation right before ("des soudeurs, une dizaine").
 */
function attachQuantity(n: Normalized, clauses: number[], anchors: Anchor[], q: Quantity): void {
  const next = anchors.find((a) => a.span[0] >= q.span[1]);
  const gap = next ? wordsBetween(n, q.span[1], next.span[0]) : undefined;
  if (next && !next.headcount && gap && gap.length <= 5 && gap.every((w) => BETWEEN.has(w) || PEOPLE.test(w)) && sameClause(clauses, q.span[0], next.span[0])) {
    next.headcount = q;
    next.lead = Math.min(next.lead, q.span[0]);
    return;
  }
  const after = wordsBetween(n, q.span[1], n.original.length).slice(0, 3);
  const countsPeople = after.length > 0 && (PEOPLE.test(after[0]) || (BETWEEN.has(after[0]) && after.slice(1).some((w) => PEOPLE.test(w))));
  const afterTrainVerb = /\b(former|formerons|formons|forme|formes|formez)$/.test(n.text.slice(0, indexIn(n, q.span[0])).trimEnd());
  if (countsPeople || afterTrainVerb) {
    const skillOnly = anchors.find((a) => !a.occupation && !a.headcount && a.skills.length && sameClause(clauses, a.span[0], q.span[0]));
    if (skillOnly) {
      skillOnly.headcount = q;
      skillOnly.lead = Math.min(skillOnly.lead, q.span[0]);
    } else {
      anchors.push({ occupation: null, skills: [], headcount: q, lead: q.span[0], span: q.span });
      anchors.sort((a, b) => a.span[0] - b.span[0]);
    }
    return;
  }
  const previous = [...anchors].reverse().find((a) => a.span[1] <= q.span[0]);
  const back = previous ? wordsBetween(n, previous.span[1], q.span[0]) : undefined;
  if (previous && !previous.headcount && back && back.length <= 3 && back.every((w) => /^(x|soit|environ|au|total|nombre|de|en|tout|il|y|a|ils|elles|sont|pour|d)$/.test(w))) {
    previous.headcount = q;
  }
}

// "je suis gérante d'un restaurant": the writer's own job, not a need.
const SELF = /\b(je suis|jsuis|j suis|je suis actuellement|moi meme|je travaille comme|je travaille en tant que|en tant que|mon poste de|mon metier de)( (un|une|le|la|l))?$/;

function saysWhoIsWriting(n: Normalized, o: OccupationMatch): boolean {
  return SELF.test(n.text.slice(0, indexIn(n, o.span[0])).trimEnd());
}

/** "une PME de 50 salariés", "nous sommes 12": the company's size, not people to train. */
function splitCompanySize(n: Normalized, quantities: Quantity[]): { sizes: Quantity[]; others: Quantity[] } {
  const sizes: Quantity[] = [];
  const others: Quantity[] = [];
  for (const q of quantities) {
    const before = n.text.slice(0, indexIn(n, q.span[0]));
    const after = wordsBetween(n, q.span[1], n.original.length).slice(0, 4).join(' ');
    const isSize = COMPANY_CUE.test(before) && /^(salarie|employe|personne|collaborat|agent|personnel)/.test(after) && !/\b(a former|qui doivent|a qualifier|a recycler)\b/.test(after);
    (isSize ? sizes : others).push(q);
  }
  return { sizes, others };
}

/** Positions (original text) where a clause starts: 0 and after each break outside any mention. */
function clauseStarts(n: Normalized, mentions: Span[]): number[] {
  const starts = [0];
  for (const m of n.original.matchAll(CLAUSE_BREAK)) {
    const at = m.index!;
    if (!mentions.some((s) => at >= s[0] && at < s[1])) starts.push(at + m[0].length);
  }
  return starts;
}

function clauseStartBefore(clauses: number[], position: number): number {
  let start = 0;
  for (const c of clauses) if (c <= position) start = c;
  return start;
}

function sameClause(clauses: number[], a: number, b: number): boolean {
  return clauseStartBefore(clauses, a) === clauseStartBefore(clauses, b);
}

function nearest(anchors: Anchor[], skill: OccupationMatch): Anchor | undefined {
  return [...anchors].sort((a, b) => distance(a.span, skill.span) - distance(b.span, skill.span))[0];
}

function distance(a: Span, b: Span): number {
  return a[1] <= b[0] ? b[0] - a[1] : a[0] - b[1];
}

/** The normalised words between two original positions. */
function wordsBetween(n: Normalized, from: number, to: number): string[] {
  const text = n.text.slice(indexIn(n, from), indexIn(n, to)).trim();
  return text ? text.split(' ') : [];
}

/** The mention of a need's own stretch of text; else the only one said, which holds for every need. */
function pick<M extends { span: Span }, F>(mentions: M[], segments: number[], i: number, field: (m: M) => F): F | null {
  const end = segments[i + 1] ?? Infinity;
  const own = mentions.find((m) => m.span[0] >= segments[i] && m.span[0] < end);
  if (own) return field(own);
  const values = new Set(mentions.map((m) => JSON.stringify(field(m))));
  return values.size === 1 ? field(mentions[0]) : null;
}

function occupationField(anchor: Anchor): OccupationField | null {
  const main = anchor.occupation ?? [...anchor.skills].sort((a, b) => b.confidence - a.confidence)[0];
  if (!main) return null;
  // A skill may place the need more precisely than a vague occupation word ("techniciens, habilitation B1V").
  const best = [anchor.occupation, ...anchor.skills].filter((m): m is OccupationMatch => !!m).sort((a, b) => placement(b) - placement(a))[0];
  const said = [anchor.occupation, ...anchor.skills].filter((m): m is OccupationMatch => !!m).map((m) => m.said).join(', ');
  return { said, rome: best.rome, romeLabel: best.romeLabel, domain: best.domain, domainLabel: best.domainLabel, confidence: round(best.confidence) };
}

/** How precisely a match places a need in ROME: a fiche beats a domain beats nothing, then confidence. */
function placement(m: OccupationMatch): number {
  return (m.rome ? 2 : m.domain ? 1 : 0) + m.confidence;
}

function headcountField(q: Quantity): HeadcountField {
  return { said: q.said, value: q.value, approximate: q.approximate };
}

function deadlineField(d: DeadlineMatch): DeadlineField {
  return { said: d.said, start: d.start, end: d.end, urgent: d.urgent };
}

function placeField(p: PlaceMatch): PlaceField {
  return { said: p.said, insee: p.insee, name: p.name, inMetropole: p.inMetropole };
}

function modalityField(m: ModalityMatch): ModalityField {
  return { said: m.said, value: m.value };
}

function overlaps(a: Span, b: Span): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
