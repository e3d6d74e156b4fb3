// When a training must be done, from free French text ("d'ici fin février", "au premier trimestre 2027",
// "dans les 3 mois", "dès que possible"), resolved to an inclusive window of calendar dates relative to today.
//
// Grammar (on the normalised text): [bound] [lead words] [modifier] ANCHOR [year | prochain],
// plus durations ("sous 3 semaines") and urgency ("au plus vite").
//   ANCHOR    a day date ("15 janvier", "3/02/2027"), a month, a season, a quarter or semester
//             ("premier trimestre", "T1 2027", "le semestre prochain"), a year, "l'année", "le mois",
//             "la semaine", "la rentrée", "demain".
//   modifier  début / mi / fin: a part of the anchor's window (see applyModifier).
//   bound     d'ici, pour, au plus tard, jusqu'à: today … the end of X.
//             avant: today … the day before X starts ("avant le 15 janvier" → 14 January, "avant mars" →
//             end of February, "avant l'été" → 20 June), except "avant (la) fin X": today … the end of X.
//             à partir de, dès, au plus tôt, pas avant: X itself. après: open-ended, not a deadline: dropped.
//             entre X et Y, de X à Y, du X au Y: from the start of X to the end of Y.
//
// Decisions:
// - A window never starts before today. Only an anchor with an explicit year ("en 2025") can lie in the
//   past: it is kept as said, for the caller's validator to refuse with a clear message.
// - Without a year, an anchor is its first occurrence whose window (modifier and bound applied) still ends on
//   or after today: on 25 November "en novembre" is the rest of this November, "début novembre" next year's,
//   "en mars" next March. With "prochain" it is the first occurrence starting after today.
// - Months: whole month; début 1–10, mi 11–20, fin 21–last day. Windows of several whole months: début and
//   fin are their first and last quarter (début 2027 = January–March, fin d'année = October–December,
//   fin du T1 = March), mi the middle block of the same size. Other windows (seasons, weeks): thirds of days.
// - Seasons, astronomical with fixed days: spring 20 March–20 June, summer 21 June–22 September,
//   autumn 23 September–20 December, winter 21 December–19 March; "hiver 2027" starts in December 2027.
//   "La rentrée" is September.
// - Durations are deadlines only when introduced: "dans les / d'ici / sous / en moins de / avant N jours,
//   semaines, mois, ans", "les N prochains mois" → today … today + N. "dans N unités" is a point: that day,
//   that Monday–Sunday week, or that calendar month (for months and years). "3 jours de formation",
//   "en 3 jours", "35 heures" are the length of the training, not a deadline.
// - Urgency ("dès que possible", "au plus vite", "urgent", "asap", "immédiatement"…) → urgent, start and end
//   null. Negated ("pas urgent") is ignored, and so are "urgences" and "d'urgence" (the emergency department,
//   "gestes d'urgence": places and training topics).
// - Weak anchors (a bare month, season, year, T1, "l'année", "le mois"…) count only when introduced (en, au,
//   à, pour, dans, vers, pendant, courant, ce/cet/cette, a bound or a modifier) or followed by a year or
//   "prochain": "chez Mars", "Mars Petcare", "budget 2027", "il a été" stay out. Month names are not
//   abbreviated there ("pour sept personnes"). A season written with a capital in the middle of a sentence is
//   a name ("au Printemps", the department store); a capitalised month stays a date ("fin Février", common in
//   e-mails).
import {
  BaseDateExtractor,
  BaseDateParser,
  FrenchCommonDateTimeParserConfiguration,
  FrenchDateExtractorConfiguration,
  FrenchDateParserConfiguration,
} from '@microsoft/recognizers-text-date-time';
import { mentionAt, type Mention, type Normalized } from './normalize';

export interface DeadlineMatch extends Mention {
  /** First day of the window, YYYY-MM-DD (inclusive); null when urgent without a date. */
  start: string | null;
  /** Last day of the window, YYYY-MM-DD (inclusive); null when urgent without a date. */
  end: string | null;
  /** "dès que possible", "au plus vite", "urgent"… */
  urgent: boolean;
}

// ---------------------------------------------------------------- calendar days

/** Days since 1970-01-01: plain integers, so windows compare and add without time zones. */
type Day = number;
interface Window {
  start: Day;
  end: Day;
}

const MS_PER_DAY = 86_400_000;
const dayOf = (y: number, m: number, d: number): Day => Date.UTC(y, m - 1, d) / MS_PER_DAY;
const isoOf = (day: Day): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function partsOf(day: Day): { y: number; m: number; d: number } {
  const t = new Date(day * MS_PER_DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function dayFromIso(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  return dayOf(y, m, d);
}

function validDay(y: number, m: number, d: number): Day | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? dayOf(y, m, d) : null;
}

/** `count` whole months from month m of year y (m may overflow: Date.UTC carries it into the year). */
function months(y: number, m: number, count: number): Window {
  return { start: dayOf(y, m, 1), end: Date.UTC(y, m - 1 + count, 0) / MS_PER_DAY };
}

/** The same day n months later, clamped to the month's length (31 January + 1 month = 28/29 February). */
function addMonths(day: Day, n: number): Day {
  const { y, m, d } = partsOf(day);
  const first = partsOf(dayOf(y, m + n, 1));
  return dayOf(first.y, first.m, Math.min(d, daysIn(first.y, first.m)));
}

const mondayOf = (day: Day): Day => day - ((new Date(day * MS_PER_DAY).getUTCDay() + 6) % 7);

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Europe/Paris as YYYY-MM-DD. */
export function parisToday(now: Date = new Date()): string {
  const parts = PARIS_DATE.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// ---------------------------------------------------------------- vocabulary

const MONTH_NAMES: Record<string, number> = {
  janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6,
  juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
};
const MONTH = Object.keys(MONTH_NAMES).join('|');
// Abbreviations only next to a day number, where the recognizer reads them ("3 sept", "15 janv.").
const MONTH_OR_ABBREVIATION = `${MONTH}|janv|fevr|fev|avr|juil|sept|oct|nov|dec`;
const YEAR = '20[2-6]\\d';
const DAY_NUMBER = '(?:[12]\\d|3[01]|0?[1-9]|1er|premier)';

const NUMBER_WORDS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
  onze: 11, douze: 12, quinze: 15, vingt: 20, trente: 30,
};

/** What follows an anchor: an explicit year, "prochain", "de l'année prochaine", "de cette année". */
const RIGHT =
  `(?: (?:de l annee |de l an |de |en |l annee |annee )?(?<year>${YEAR})\\b` +
  '| (?<next>prochaine?|suivante?|qui vient|a venir)\\b' +
  '| de l (?:annee|an) (?<nextYear>prochaine?)\\b' +
  '| (?<thisYear>de cette annee|de l annee en cours|de l annee)\\b)?';

type Bound = 'by' | 'before' | 'from' | 'after' | 'range';
type Modifier = 'debut' | 'mi' | 'fin';

const BOUNDS: Record<string, Bound> = {
  'pas avant': 'from', 'd ici a': 'by', 'd ici': 'by', dici: 'by', 'au plus tard pour': 'by', 'au plus tard': 'by', 'au plus tot': 'from',
  'jusqu a': 'by', 'jusqu au': 'by', 'jusqu en': 'by', jusque: 'by', 'a partir de': 'from', 'a partir du': 'from',
  'a partir d': 'from', avant: 'before', pour: 'by', des: 'from', apres: 'after', entre: 'range', de: 'range',
  du: 'range', d: 'range',
};
// Function words that may stand between a bound and an anchor; some of them introduce a time (INTRODUCERS).
const LEAD_WORDS = 'en|au|aux|a|le|la|l|les|ce|cet|cette|de|du|d|et|ou|vers|dans|sur|pendant|courant|cours|lors|mois|tout';
const INTRODUCERS = new Set(['en', 'au', 'aux', 'a', 'vers', 'dans', 'sur', 'pendant', 'courant', 'cours', 'lors', 'ce', 'cet', 'cette', 'mois']);
// Words that link the anchor to what comes before rather than belong to it ("des salariés de mars 2027").
const LINKS = new Set(['de', 'du', 'd', 'des', 'et', 'ou']);
const TAIL_WORDS = 'de|du|d|des|la|l|le|ce|cet|cette|mois';
const boundAlternatives = Object.keys(BOUNDS).sort((a, b) => b.length - a.length).join('|');
/** Matched against the text just before an anchor: the regex engine's leftmost match is the longest context. */
const LEFT = new RegExp(
  `(?:^|\\s)(?:(?<bound>${boundAlternatives}) )?(?<lead>(?:(?:${LEAD_WORDS}) )*)` +
    `(?:(?<mod>debut|fin|mi|milieu) (?:(?:${TAIL_WORDS}) )*)?$`,
  'd',
);
const IN_MONTH_RANGE = new RegExp(`(?:^|\\s)(?:du|entre le|entre) (?<first>${DAY_NUMBER}) (?:au|et le|et) $`);

// ---------------------------------------------------------------- anchors

/**
 * A time expression before bounds and modifiers: its window for a cycle index i (a year, or a month, week or
 * quarter counted from today's), searched from `first`; a fixed anchor has only i = first.
 */
interface Anchor {
  from: number;
  to: number;
  at: (i: number) => Window | null;
  first: number;
  fixed: boolean;
  /** "prochain": the first occurrence that starts after today. */
  next: boolean;
  /** Counts without an introducing word. */
  strong: boolean;
  /** A season, which a capital letter turns into a name. */
  season?: boolean;
}

interface Context {
  n: Normalized;
  today: Day;
  year: number;
  month: number;
}

type Groups = Record<string, string | undefined>;

/** An anchor repeating every year, unless the words after it fix the year. */
function yearly(ctx: Context, g: Groups, at: (y: number) => Window | null, strong: boolean): Omit<Anchor, 'from' | 'to'> {
  const explicit = g.year ? Number(g.year) : g.nextYear ? ctx.year + 1 : g.thisYear ? ctx.year : undefined;
  return {
    at,
    first: explicit ?? ctx.year - 1,
    fixed: explicit !== undefined,
    next: Boolean(g.next),
    strong: strong || Boolean(g.year || g.next || g.nextYear || g.thisYear),
  };
}

/** Easter Sunday (anonymous Gregorian algorithm), for "avant Pâques". */
function easter(y: number): Day {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return dayOf(y, month, ((h + l - 7 * m + 114) % 31) + 1);
}

function holiday(name: string, y: number): Window {
  const one = (day: Day): Window => ({ start: day, end: day });
  if (name === 'noel') return one(dayOf(y, 12, 25));
  if (name === 'toussaint') return one(dayOf(y, 11, 1));
  if (name === 'paques') return one(easter(y));
  if (name === 'nouvel an' || name === 'jour de l an') return one(dayOf(y, 1, 1));
  return { start: dayOf(y, 12, 20), end: dayOf(y, 12, 31) }; // les fêtes (de fin d'année)
}

const SEASONS: Record<string, (y: number) => Window> = {
  printemps: (y) => ({ start: dayOf(y, 3, 20), end: dayOf(y, 6, 20) }),
  ete: (y) => ({ start: dayOf(y, 6, 21), end: dayOf(y, 9, 22) }),
  automne: (y) => ({ start: dayOf(y, 9, 23), end: dayOf(y, 12, 20) }),
  hiver: (y) => ({ start: dayOf(y, 12, 21), end: dayOf(y + 1, 3, 19) }),
};

const ORDINALS: Record<string, number> = {
  premier: 1, '1er': 1, '1ere': 1, '1': 1, deuxieme: 2, '2e': 2, '2eme': 2, '2nd': 2, '2nde': 2, second: 2,
  seconde: 2, '2': 2, troisieme: 3, '3e': 3, '3eme': 3, '3': 3, quatrieme: 4, '4e': 4, '4eme': 4, '4': 4,
};

interface AnchorRule {
  re: RegExp;
  make: (g: Groups, ctx: Context) => Omit<Anchor, 'from' | 'to'> | null;
}

const ANCHOR_RULES: AnchorRule[] = [
  {
    re: new RegExp(`\\b(?<month>${MONTH})\\b${RIGHT}`, 'g'),
    make: (g, ctx) => yearly(ctx, g, (y) => months(y, MONTH_NAMES[g.month!], 1), false),
  },
  {
    // "été" is also the participle of "être": only after l', cet, en, d'.
    re: new RegExp(`\\b(?<season>printemps|automne|hiver|(?<=\\b(?:l|cet|en|d) )ete)\\b${RIGHT}`, 'g'),
    make: (g, ctx) => ({ ...yearly(ctx, g, SEASONS[g.season!], false), season: true }),
  },
  {
    re: new RegExp(
      `\\b(?:(?<ord>${Object.keys(ORDINALS).join('|')}|dernier) (?<unit>trimestre|semestre)|(?<tq>[tq][1-4])|(?<s>s[12]))\\b${RIGHT}`,
      'g',
    ),
    make: (g, ctx) => {
      const semester = g.unit === 'semestre' || Boolean(g.s);
      const rank = g.ord === 'dernier' ? (semester ? 2 : 4) : g.ord ? ORDINALS[g.ord] : Number((g.tq ?? g.s)!.slice(1));
      if (semester && rank > 2) return null;
      const size = semester ? 6 : 3;
      return yearly(ctx, g, (y) => months(y, (rank - 1) * size + 1, size), Boolean(g.ord));
    },
  },
  {
    // "ce trimestre", "le semestre prochain": counted from the current one.
    re: /\b(?:(?<before>prochain) )?(?<unit>trimestre|semestre)(?: (?<after>prochain|suivant)| en cours)?\b(?! (?:dernier|passe|precedent)\b)/g,
    make: (g, ctx) => {
      const size = g.unit === 'semestre' ? 6 : 3;
      const current = Math.floor((ctx.month - 1) / size) * size + 1;
      const next = Boolean(g.before || g.after);
      return { at: (k) => months(ctx.year, current + k * size, size), first: 0, fixed: false, next, strong: next };
    },
  },
  {
    re: new RegExp(`\\b(?<year>${YEAR})\\b`, 'g'),
    make: (g) => ({ at: (y) => months(y, 1, 12), first: Number(g.year), fixed: true, next: false, strong: false }),
  },
  {
    re: new RegExp(
      `\\b(?:annee(?: (?<year>${YEAR})| (?<next>prochaine|suivante)| en cours)?|an (?<next2>prochain))\\b(?! (?:derniere|passee|precedente)\\b)`,
      'g',
    ),
    make: (g, ctx) => ({
      at: (y) => months(y, 1, 12),
      first: g.year ? Number(g.year) : g.next || g.next2 ? ctx.year + 1 : ctx.year,
      fixed: true,
      next: false,
      strong: Boolean(g.year || g.next || g.next2),
    }),
  },
  {
    re: new RegExp(
      `\\bmois(?: (?<next>prochain|suivant)| en cours| ci)?\\b(?! (?:dernier|passe|precedent)\\b)(?! (?:de|d) (?:${MONTH})\\b)`,
      'g',
    ),
    make: (g, ctx) => ({ at: (k) => months(ctx.year, ctx.month + k, 1), first: 0, fixed: false, next: Boolean(g.next), strong: Boolean(g.next) }),
  },
  {
    re: /\bsemaine(?: (?<next>prochaine|suivante)| en cours| ci)?\b(?! (?:derniere|passee|precedente|du|de|d)\b)/g,
    make: (g, ctx) => {
      const monday = mondayOf(ctx.today);
      const at = (k: number) => ({ start: monday + 7 * k, end: monday + 7 * k + 6 });
      return { at, first: 0, fixed: false, next: Boolean(g.next), strong: Boolean(g.next) };
    },
  },
  {
    re: new RegExp(`\\brentree(?: (?:scolaire|de septembre))?\\b${RIGHT}`, 'g'),
    make: (g, ctx) => yearly(ctx, g, (y) => months(y, 9, 1), false),
  },
  {
    // Holidays people plan around: the day itself ("avant Noël" ends on 24 December).
    re: new RegExp(`\\b(?<holiday>noel|toussaint|paques|nouvel an|jour de l an|fetes de fin d annee|fetes)\\b${RIGHT}`, 'g'),
    make: (g, ctx) => yearly(ctx, g, (y) => holiday(g.holiday!, y), false),
  },
  {
    re: /\b(?<after>apres )?demain\b/g,
    make: (g, ctx) => {
      const day = ctx.today + (g.after ? 2 : 1);
      return { at: () => ({ start: day, end: day }), first: 0, fixed: true, next: false, strong: false };
    },
  },
];

// A day next to a month name, or a numeric date: the only pieces sent to the recognizer.
const DAY_DATE_GATES: RegExp[] = [
  new RegExp(
    `\\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) )?${DAY_NUMBER} (?:${MONTH_OR_ABBREVIATION})\\b(?: ${YEAR}\\b)?`,
    'g',
  ),
  /\b(?:[12]\d|3[01]|0?[1-9])\/(?:0?[1-9]|1[0-2])(?:\/(?:20)?\d\d)?\b/g,
  // "15.01.2027", "15-01-2027" and "2027-01-15" lose their separators in the normalised text: checked on the original.
  /\b(?:[12]\d|3[01]|0?[1-9]) (?:0?[1-9]|1[0-2]) 20\d\d\b|\b20\d\d (?:0[1-9]|1[0-2]) (?:0[1-9]|[12]\d|3[01])\b/g,
];
const SEPARATED_DATE = /^(?:\d{1,2}([.-])\d{1,2}\1\d{4}|\d{4}-\d{2}-\d{2})$/;

function plausibleNumericDate(normalized: string, original: string): boolean {
  if (/[a-z]/.test(normalized)) return true;
  if (normalized.includes(' ')) return SEPARATED_DATE.test(original);
  // d/m without a year needs a two-digit part: "une 1/2 journée" is not 1 February.
  const parts = normalized.split('/');
  return parts.length === 3 || parts.some((part) => part.length === 2);
}

// ---------------------------------------------------------------- durations and urgency

const WITHIN =
  'dans un delai de|dans un delai d|sous un delai de|sous un delai d|au plus tard dans|au plus tard sous|au plus tard d ici|' +
  'dans les|d ici les|d ici a|d ici|dici|sous|en moins de|en moins d|avant|au cours des|sur les|pendant les';
// "sur les 3 jours" is how long the training lasts: these only with "prochains" / "à venir".
const WITHIN_IF_NEXT = new Set(['au cours des', 'sur les', 'pendant les']);
const DURATION = new RegExp(
  `\\b(?:(?<intro>${WITHIN}|dans) )?(?:les )?(?:(?<digits>\\d{1,3}) ?|(?<words>${Object.keys(NUMBER_WORDS).join('|')}) )` +
    '(?:(?<pre>prochaine?s) )?(?<unit>jours?|j|semaines?|sem|mois|ans?|annees?|heures?|h)\\b(?<half> et demie?)?' +
    '(?: (?<post>prochaine?s|a venir|qui viennent|qui suivent)\\b)?',
  'g',
);
const FORTNIGHT = /\b(?:sous|dans la|d ici) (?<span>huitaine|quinzaine)\b/g;

const URGENT = new RegExp(
  '\\b(?:des que possible|des que vous pouvez|au plus vite|au plus tot|le plus (?:tot|vite|rapidement) possible|' +
    'aussi vite que possible|rapidement|urgente?s?|urgemment|en (?:toute )?urgence|de toute urgence|il y a urgence|' +
    'c est une urgence|asap|immediatement|tout de suite|sans (?:tarder|attendre|delai)|tres vite|' +
    'pressante?s?|c est (?:tres |assez )?presse|ca presse|(?:c est|ca devient) pressant)\\b',
  'g',
);
const NEGATION = /\b(?:pas|aucune?|rien|non|ni)(?: [a-z0-9]+){0,2} $/;

// ---------------------------------------------------------------- phrases: anchor + context

interface Phrase {
  anchor: Anchor;
  from: number;
  bound?: Bound;
  mod?: Modifier;
  /** The first word before the anchor, to join a range ("entre mars et juin"). */
  joiner?: string;
  /** The function words between the bound and the modifier or anchor. */
  lead: string[];
  /** Where the left context starts, to join a range. */
  leftFrom: number;
  introduced: boolean;
}

interface Candidate {
  from: number;
  to: number;
  window: Window | null;
  urgent: boolean;
}

export class DeadlineRecognizer {
  // Explicit day dates ("le 3/02/2027", "lundi 7 décembre", "15 janv. 27") are read by recognizers-text's date
  // extractor and parser alone, only on pieces a cheap regex gate found (a day next to a month, a numeric date):
  // measured here, the merged DateTimeModel costs ≈135 ms per 200-character sentence and misreads French months,
  // seasons and quarters, while the date extractor + parser take 1–3 ms on a short piece once warm.
  private readonly extractor: BaseDateExtractor;
  private readonly parser: BaseDateParser;

  constructor() {
    const common = new FrenchCommonDateTimeParserConfiguration(true);
    this.extractor = new BaseDateExtractor(new FrenchDateExtractorConfiguration(true));
    this.parser = new BaseDateParser(new FrenchDateParserConfiguration(common, true));
  }

  /** The recognizer compiles its regexes lazily (≈1 s then ≈0.7 s on the first calls): pay that at start-up. */
  warmUp(): void {
    const reference = new Date(2026, 10, 25, 12);
    for (const piece of ['le 15 janvier 2027', 'premier mars', 'lundi 7 décembre', '3/02/2027', '15.01.2027', '15 janv.']) {
      this.dayTimex(piece, reference);
    }
  }

  /** Deadlines in a sentence, in text order, resolved relative to `today` (YYYY-MM-DD, the caller gives Paris's date). */
  find(text: Normalized, today: string): DeadlineMatch[] {
    const day = dayFromIso(today);
    const { y, m } = partsOf(day);
    const ctx: Context = { n: text, today: day, year: y, month: m };
    const candidates = [...this.phrases(ctx), ...durations(ctx), ...urgencies(ctx)];
    return pickLongest(candidates).map((c) => ({
      ...mentionAt(text, c.from, c.to),
      start: c.window ? isoOf(c.window.start) : null,
      end: c.window ? isoOf(c.window.end) : null,
      urgent: c.urgent,
    }));
  }

  private phrases(ctx: Context): Candidate[] {
    const phrases = pickLongest([...this.dayDates(ctx), ...namedAnchors(ctx)]).map((a) => withContext(ctx, a));
    const out: Candidate[] = [];
    for (let i = 0; i < phrases.length; i++) {
      const p = phrases[i];
      const q = phrases[i + 1];
      if (q && joins(ctx.n, p, q)) {
        out.push({ from: p.bound === 'range' ? p.leftFrom : p.from, to: q.anchor.to, window: resolveRange(p, q, ctx.today), urgent: false });
        i++;
        continue;
      }
      if (!p.introduced && !p.anchor.strong) continue;
      if (p.bound === 'after' || (p.anchor.season && looksLikeName(ctx.n, p.anchor.from))) continue;
      const window = resolve(p, ctx.today);
      if (window) out.push({ from: p.from, to: p.anchor.to, window, urgent: false });
    }
    return out;
  }

  private dayDates(ctx: Context): Anchor[] {
    const reference = new Date(ctx.year, ctx.month - 1, partsOf(ctx.today).d, 12);
    const found: Anchor[] = [];
    for (const gate of DAY_DATE_GATES) {
      for (const m of ctx.n.text.matchAll(gate)) {
        const from = m.index!;
        const to = from + m[0].length;
        const original = mentionAt(ctx.n, from, to).said;
        if (!plausibleNumericDate(m[0], original)) continue;
        // A gated piece the recognizer cannot read ("31 novembre") stays as an anchor that yields nothing.
        const timex = this.dayTimex(original, reference) ?? this.dayTimex(m[0], reference) ?? '';
        found.push(dayDateAnchor(ctx, from, to, timex));
      }
    }
    return found;
  }

  private dayTimex(piece: string, reference: Date): string | undefined {
    for (const extracted of this.extractor.extract(piece, reference)) {
      const timex = this.parser.parse(extracted, reference)?.timexStr;
      if (timex) return timex;
    }
    return undefined;
  }
}

/** A day date from its timex ("XXXX-03-15" repeats every year), with "du 1er au" before it as a range in the month. */
function dayDateAnchor(ctx: Context, from: number, to: number, timex: string): Anchor {
  const date = /^(XXXX|\d{4})-(\d{2})-(\d{2})$/.exec(timex);
  const explicit = date && date[1] !== 'XXXX' ? Number(date[1]) : undefined;
  const anchor: Anchor = { from, to, at: () => null, first: explicit ?? ctx.year - 1, fixed: explicit !== undefined, next: false, strong: true };
  if (!date) return anchor;
  const [month, last] = [Number(date[2]), Number(date[3])];
  let first = last;
  const inMonth = IN_MONTH_RANGE.exec(ctx.n.text.slice(Math.max(0, from - 20), from));
  if (inMonth) {
    const said = inMonth.groups!.first;
    first = said === '1er' || said === 'premier' ? 1 : Number(said);
    anchor.from -= inMonth[0].trimStart().length;
  }
  anchor.at = (y) => {
    const start = validDay(y, month, first);
    const end = validDay(y, month, last);
    return start !== null && end !== null && start <= end ? { start, end } : null;
  };
  return anchor;
}

function namedAnchors(ctx: Context): Anchor[] {
  const found: Anchor[] = [];
  for (const rule of ANCHOR_RULES) {
    for (const m of ctx.n.text.matchAll(rule.re)) {
      const made = rule.make((m.groups ?? {}) as Groups, ctx);
      if (made) found.push({ ...made, from: m.index!, to: m.index! + m[0].length });
    }
  }
  return found;
}

/** Reads the bound, the lead words and the modifier written before an anchor. */
function withContext(ctx: Context, anchor: Anchor): Phrase {
  const text = ctx.n.text;
  // Up to 80 characters back, starting on a word boundary, is enough for "d ici a la fin du mois de".
  let base = Math.max(0, anchor.from - 80);
  if (base > 0) base = text.indexOf(' ', base - 1) + 1;
  const m = LEFT.exec(text.slice(base, anchor.from));
  const phrase: Phrase = { anchor, from: anchor.from, leftFrom: anchor.from, lead: [], introduced: false };
  if (!m || m[0].trim() === '') return phrase;
  const g = m.groups!;
  const at = m.indices!.groups!;
  phrase.leftFrom = base + m.index + (m[0].startsWith(' ') ? 1 : 0);
  phrase.bound = g.bound ? BOUNDS[g.bound] : undefined;
  phrase.mod = g.mod ? (g.mod === 'milieu' ? 'mi' : (g.mod as Modifier)) : undefined;
  const leadWords = g.lead.split(' ').filter(Boolean);
  phrase.lead = leadWords;
  phrase.joiner = g.bound ?? leadWords[0];
  phrase.introduced = Boolean((phrase.bound && phrase.bound !== 'range') || phrase.mod || leadWords.some((w) => INTRODUCERS.has(w)));
  // The said words start at the bound, else at the first lead word that is not a link, else at the modifier.
  const kept = leadWords.findIndex((w) => !LINKS.has(w));
  if (phrase.bound && phrase.bound !== 'range') phrase.from = base + at.bound![0];
  else if (kept >= 0) phrase.from = base + at.lead![0] + leadWords.slice(0, kept).reduce((sum, w) => sum + w.length + 1, 0);
  else if (g.mod) phrase.from = base + at.mod![0];
  return phrase;
}

/**
 * One window from two anchors: a range ("entre mars et juin", "de janvier à fin mars 2027", "du 15 décembre au
 * 15 janvier") or an alternative whose second part has no word of its own ("en mars ou avril", "janvier/février":
 * two time words side by side need no other introduction).
 */
function joins(n: Normalized, first: Phrase, second: Phrase): boolean {
  if (!['', '/'].includes(n.text.slice(first.anchor.to, second.leftFrom).trim())) return false;
  const word = second.joiner ?? '';
  if (first.bound === 'range') return ['et', 'a', 'au', 'jusqu a', 'jusqu au', 'jusqu en', 'jusque'].includes(word);
  if (second.bound || (first.bound !== undefined && first.bound !== 'from')) return false;
  const gap = n.original.slice(n.at[first.anchor.to - 1] + 1, n.at[second.anchor.from]).trim();
  const sideBySide = second.lead.length === 0 && !second.mod && ['', '/', '-', '–'].includes(gap);
  const listed = second.lead.length === 1 && (word === 'ou' || word === 'et');
  return sideBySide || (listed && (first.introduced || first.anchor.strong));
}

/** A season with a capital in mid-sentence is a name: "former nos vendeurs du Printemps". */
function looksLikeName(n: Normalized, from: number): boolean {
  const index = n.at[from];
  const char = n.original[index];
  if (char === char.toLowerCase() || n.original === n.original.toUpperCase()) return false;
  const before = n.original.slice(0, index).trimEnd();
  return before !== '' && !/[.!?:\n]$/.test(before);
}

// ---------------------------------------------------------------- resolution

function applyModifier(w: Window, mod: Modifier | undefined): Window {
  if (!mod || w.start === w.end) return w;
  const a = partsOf(w.start);
  const b = partsOf(w.end);
  if (a.d === 1 && b.d === daysIn(b.y, b.m)) {
    const count = (b.y - a.y) * 12 + b.m - a.m + 1;
    if (count === 1) {
      const [first, last] = mod === 'debut' ? [1, 10] : mod === 'mi' ? [11, 20] : [21, b.d];
      return { start: dayOf(a.y, a.m, first), end: dayOf(a.y, a.m, last) };
    }
    const size = Math.ceil(count / 4);
    const offset = mod === 'debut' ? 0 : mod === 'fin' ? count - size : Math.floor((count - size) / 2);
    return months(a.y, a.m + offset, size);
  }
  const length = w.end - w.start + 1;
  const third = Math.max(1, Math.round(length / 3));
  if (mod === 'debut') return { start: w.start, end: w.start + third - 1 };
  if (mod === 'fin') return { start: w.end - third + 1, end: w.end };
  return { start: w.start + third, end: w.end - third };
}

function applyBound(w: Window, p: Phrase, today: Day): Window {
  if (p.bound !== 'by' && p.bound !== 'before') return w;
  const end = p.bound === 'by' || p.mod === 'fin' ? w.end : w.start - 1;
  return { start: end >= today ? today : Math.min(w.start, end), end };
}

/** Never before today, unless the whole window is past (an explicit past year, kept as said). */
const fromToday = (w: Window, today: Day): Window => (w.end >= today ? { start: Math.max(w.start, today), end: w.end } : w);

const cycle = (a: Anchor): number[] => (a.fixed ? [a.first] : Array.from({ length: 12 }, (_, k) => a.first + k));

function windowAt(p: Phrase, i: number): Window | null {
  const w = p.anchor.at(i);
  return w && applyModifier(w, p.mod);
}

function resolve(p: Phrase, today: Day): Window | null {
  for (const i of cycle(p.anchor)) {
    const w = windowAt(p, i);
    if (!w) continue;
    const bounded = applyBound(w, p, today);
    if (p.anchor.fixed || (p.anchor.next ? w.start > today : bounded.end >= today)) return fromToday(bounded, today);
  }
  return null;
}

/** From the start of the first anchor to the end of the second's next occurrence (years carried across). */
function resolveRange(first: Phrase, second: Phrase, today: Day): Window | null {
  if (second.anchor.fixed && !first.anchor.fixed) {
    const end = windowAt(second, second.anchor.first);
    if (!end) return null;
    let start: Window | null = null;
    for (const i of cycle(first.anchor)) {
      const w = windowAt(first, i);
      if (w && w.start > end.start) break;
      if (w) start = w;
    }
    return start && fromToday({ start: start.start, end: end.end }, today);
  }
  for (const i of cycle(first.anchor)) {
    const start = windowAt(first, i);
    if (!start) continue;
    const end = cycle(second.anchor)
      .map((j) => windowAt(second, j))
      .find((w): w is Window => w !== null && w.start >= start.start);
    if (!end) continue;
    const w = { start: start.start, end: end.end };
    if (first.anchor.fixed || w.end >= today) return fromToday(w, today);
  }
  return null;
}

function durations(ctx: Context): Candidate[] {
  const out: Candidate[] = [];
  for (const m of ctx.n.text.matchAll(DURATION)) {
    const g = m.groups as Groups;
    const upcoming = Boolean(g.pre || g.post);
    if (!upcoming && (!g.intro || WITHIN_IF_NEXT.has(g.intro))) continue;
    const count = g.digits ? Number(g.digits) : NUMBER_WORDS[g.words!];
    const unit = g.unit!.startsWith('h') ? 'h' : g.unit!.startsWith('j') ? 'j' : g.unit!.startsWith('s') ? 's' : g.unit === 'mois' ? 'm' : 'a';
    if (unit === 'h' && g.intro === 'avant') continue; // "avant 18h" is a time of day
    const point = g.intro === 'dans' && !upcoming;
    const window = point ? around(ctx.today, count, unit, Boolean(g.half)) : { start: ctx.today, end: later(ctx.today, count, unit, Boolean(g.half)) };
    out.push({ from: m.index!, to: m.index! + m[0].length, window, urgent: false });
  }
  for (const m of ctx.n.text.matchAll(FORTNIGHT)) {
    const window = { start: ctx.today, end: ctx.today + (m.groups!.span === 'huitaine' ? 8 : 15) };
    out.push({ from: m.index!, to: m.index! + m[0].length, window, urgent: false });
  }
  return out;
}

/** today + count units ("et demi": half a unit more, in whole days or months). */
function later(today: Day, count: number, unit: string, half = false): Day {
  if (unit === 'h') return today + Math.floor(count / 24); // "sous 48 h" → 2 days, "d'ici 18 h" → today
  if (unit === 'j') return today + count;
  if (unit === 's') return today + 7 * count + (half ? 3 : 0);
  if (unit === 'm') return addMonths(today, count) + (half ? 15 : 0);
  return addMonths(today, 12 * count + (half ? 6 : 0));
}

/** "dans 3 mois": around that date, at the unit's grain. */
function around(today: Day, count: number, unit: string, half: boolean): Window {
  const point = later(today, count, unit, half);
  if (unit === 'h' || unit === 'j') return { start: point, end: point };
  if (unit === 's') return { start: mondayOf(point), end: mondayOf(point) + 6 };
  const { y, m } = partsOf(point);
  return months(y, m, 1);
}

function urgencies(ctx: Context): Candidate[] {
  const out: Candidate[] = [];
  for (const m of ctx.n.text.matchAll(URGENT)) {
    if (NEGATION.test(ctx.n.text.slice(Math.max(0, m.index! - 30), m.index!))) continue;
    out.push({ from: m.index!, to: m.index! + m[0].length, window: null, urgent: true });
  }
  return out;
}

/** Longest first, then the ones that do not overlap them, in text order. */
function pickLongest<T extends { from: number; to: number }>(items: T[]): T[] {
  const sorted = [...items].sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const kept: T[] = [];
  for (const item of sorted) {
    if (kept.every((k) => item.to <= k.from || item.from >= k.to)) kept.push(item);
  }
  return kept.sort((a, b) => a.from - b.from);
}
