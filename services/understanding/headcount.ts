// How many people: digits, French number words ("vingt-deux"), approximations ("une quinzaine"),
// ranges ("3 à 5") and hedges ("environ 10"). Numbers that measure something else (hours, days,
// money, percentages), codes ("CACES R489", "niveau 3"), ordinals ("3e"), years and phone numbers
// are left out; whether a quantity counts people is decided later, by what it stands next to.
//
// Number words go through recognizers-text's French integer extractor and parser only: the full
// NumberModel takes seconds to build and to warm, these two parts about 100 ms, and they are called
// only when the message holds a digit or a number word.
import { AgnosticNumberParserFactory, AgnosticNumberParserType, FrenchIntegerExtractor, FrenchNumberParserConfiguration } from '@microsoft/recognizers-text-number';
import type { Mention, Normalized, Span } from './normalize';
import { indexIn, mentionAt } from './normalize';

export interface Quantity extends Mention {
  value: number;
  approximate: boolean;
}

const NUMBER_WORD = /\b(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|cents|mille)\b/;

// "une dizaine" = 10: the usual French approximations, and their plurals ("deux dizaines").
const APPROX: Record<string, number> = {
  dizaine: 10, douzaine: 12, quinzaine: 15, vingtaine: 20, trentaine: 30, quarantaine: 40,
  cinquantaine: 50, soixantaine: 60, centaine: 100, millier: 1000,
};
const APPROX_WORDS = Object.keys(APPROX).join('|');
const APPROX_PATTERN = new RegExp(`\\b(?:(une|un|la|1|une petite|une bonne|plusieurs|quelques|(\\d+|deux|trois|quatre|cinq)) )(${APPROX_WORDS})s?\\b`, 'g');
const SMALL: Record<string, number> = { deux: 2, trois: 3, quatre: 4, cinq: 5 };

// After the number: it measures something other than people.
const UNIT_AFTER = /^ ?(h|heures?|hrs?|min|minutes?|jours?|j|semaines?|sem|mois|ans?|annees?|e|eme|er|ere|nd|nde|euros?|eur|k|ke|keur|pour ?cent|pourcents?|km|kilometres?|m|m2|metres?|kg|tonnes?|t|fois|modules?|seances?|sessions?|niveaux?|etapes?|x ?\d|ieme)\b/;
// Before the number: it is part of a code, a level or a date ("CACES 3", "niveau 4", "le 15").
const CODE_BEFORE = /\b(caces|categorie|cat|niveau|level|bac|permis|habilitation|module|version|numero|num|no|n|r|b|h|article|art|nf|iso|rncp|rs|code|page|lot|batiment|bat|salle|le|du|au|depuis|jusqu au|vers|avant|apres|fin|debut|mi|en|de l an|annee|semaine|jour)$/;
const HEDGE_BEFORE = /\b(environ|env|a peu pres|pres de|autour de|approximativement|grosso modo|a priori|peut etre|au moins|au minimum|au maximum|au max|maximum|max|jusqu a|plus ou moins|dans les)$/;

export class HeadcountRecognizer {
  private readonly extractor = new FrenchIntegerExtractor();
  private readonly parser = AgnosticNumberParserFactory.getParser(AgnosticNumberParserType.Integer, new FrenchNumberParserConfiguration());

  /** Compiles the extractor's lazy parts before the first real message. */
  warmUp(): void {
    this.integers('vingt-deux soudeurs, 3 caristes et cent douze personnes');
    this.integers('On doit former quatre caristes et trente et un soudeurs d’ici fin février à Vénissieux');
  }

  /** Every quantity in the text that could be a number of people, in text order. */
  find(n: Normalized): Quantity[] {
    if (!/\d/.test(n.text) && !NUMBER_WORD.test(n.text) && !new RegExp(`\\b(${APPROX_WORDS})`).test(n.text)) return [];
    const excluded = phoneAndPostcodeSpans(n);
    const approximations = this.approximations(n);
    const plain = this.integers(n.original).filter(
      (q) => !approximations.some((a) => overlaps(a.span, q.span)) && !excluded.some((s) => overlaps(s, q.span)) && this.countsPeople(n, q),
    );
    return mergeRanges(n, [...approximations, ...plain].sort((a, b) => a.span[0] - b.span[0]));
  }

  private integers(original: string): Quantity[] {
    // "vingt-et-un" is read as "vingt" and "un"; "vingt et un" as 21 (same length: offsets hold).
    const spaced = original.replace(/-et-/gi, ' et ');
    return this.extractor.extract(spaced).flatMap((er) => {
      const value = Number(this.parser.parse(er)?.value);
      if (!Number.isFinite(value)) return [];
      const span: Span = [er.start, er.start + er.length];
      return [{ said: original.slice(span[0], span[1]), span, value, approximate: false }];
    });
  }

  private approximations(n: Normalized): Quantity[] {
    const found: Quantity[] = [];
    for (const m of n.text.matchAll(APPROX_PATTERN)) {
      const [, article, multiplier, word] = m;
      if (article === 'plusieurs' || article === 'quelques') continue; // "plusieurs dizaines": no number to keep
      const times = multiplier ? (SMALL[multiplier] ?? Number(multiplier)) : 1;
      found.push({ ...mentionAt(n, m.index!, m.index! + m[0].length), value: APPROX[word] * times, approximate: true });
    }
    return found;
  }

  /** False for a number that is a unit, a code, an ordinal, a year, or glued to letters ("R489", "3e", "14h"). */
  private countsPeople(n: Normalized, q: Quantity): boolean {
    const before = n.original.slice(0, q.span[0]);
    const after = n.original.slice(q.span[1]);
    if (/\d/.test(q.said)) {
      if (/[\p{L}\d]$/u.test(before) || /^[\p{L}\d]/u.test(after)) return false;
      if (/^\s?[€%°$]/.test(after) || /[€$#]\s?$/.test(before)) return false;
      if (/^\d{4}$/.test(q.said.trim()) && q.value >= 1900 && q.value <= 2100) return false;
      if (/^0\d/.test(q.said.trim())) return false;
    }
    const start = indexIn(n, q.span[0]);
    const end = indexIn(n, q.span[1]);
    const normalizedAfter = n.text.slice(end);
    const normalizedBefore = n.text.slice(0, start).trimEnd();
    if (UNIT_AFTER.test(normalizedAfter)) return false;
    if (CODE_BEFORE.test(normalizedBefore) && !HEDGE_BEFORE.test(normalizedBefore)) return false;
    return true;
  }
}

/** "3 à 5 soudeurs", "entre 8 et 10", "10-12": one approximate quantity, the upper bound (plan for the most). */
function mergeRanges(n: Normalized, quantities: Quantity[]): Quantity[] {
  const out: Quantity[] = [];
  for (const q of quantities) {
    const previous = out[out.length - 1];
    const between = previous ? n.original.slice(previous.span[1], q.span[0]) : '';
    const before = previous ? n.original.slice(0, previous.span[0]) : '';
    const isRange = previous && (/^\s*(à|a|-|–|ou)\s*$/i.test(between) || (/^\s*et\s*$/i.test(between) && /entre\s*$/i.test(before)));
    if (isRange && q.value > previous.value) {
      const start = /entre\s*$/i.test(before) ? before.search(/entre\s*$/i) : previous.span[0];
      out[out.length - 1] = { said: n.original.slice(start, q.span[1]), span: [start, q.span[1]], value: q.value, approximate: true };
    } else {
      out.push(hedged(n, q));
    }
  }
  return out;
}

function hedged(n: Normalized, q: Quantity): Quantity {
  if (q.approximate) return q;
  const before = n.text.slice(0, indexIn(n, q.span[0])).trimEnd();
  return HEDGE_BEFORE.test(before) ? { ...q, approximate: true } : q;
}

/** Phone numbers and postcodes hold digit groups that are not quantities. */
function phoneAndPostcodeSpans(n: Normalized): Span[] {
  const spans: Span[] = [];
  for (const m of n.original.matchAll(/(?:\+33\s?|\b0)\d(?:[\s.-]?\d{2}){4}\b|\b\d{5}\b/g)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}

function overlaps(a: Span, b: Span): boolean {
  return a[0] < b[1] && b[0] < a[1];
}
