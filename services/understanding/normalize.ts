/** Lower case, no accents, apostrophes and punctuation as spaces, single spaces: the form every lookup compares. */
export function normalize(text: string): string {
  return normalizeWithOffsets(text).text;
}

/** True when `phrase` (already normalised) occurs in `text` (already normalised) as whole words. */
export function hasPhrase(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}

/**
 * A normalised text that remembers where each of its characters came from, so that what a lookup
 * finds in the normalised form can be reported as the person wrote it ("Vénissieux", not "venissieux").
 */
export interface Normalized {
  readonly original: string;
  /** The same form as normalize(original). */
  readonly text: string;
  /** at[i] is the index in `original` of the character that produced text[i]. */
  readonly at: readonly number[];
}

/** Where a piece of the original text is: [start, end) in the person's own characters. */
export type Span = [start: number, end: number];

/** Something found in a message, with the words exactly as written. */
export interface Mention {
  said: string;
  span: Span;
}

// Letters that decompose into more than one (NFD keeps them whole).
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

export function normalizeWithOffsets(original: string): Normalized {
  let text = '';
  const at: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < original.length; i++) {
    const folded = fold(original[i]);
    for (const c of folded) {
      if (/[a-z0-9@/]/.test(c)) {
        if (pendingSpace && text.length > 0) {
          text += ' ';
          at.push(i);
        }
        pendingSpace = false;
        text += c;
        at.push(i);
      } else {
        pendingSpace = true;
      }
    }
  }
  return { original, text, at };
}

function fold(char: string): string {
  const lower = char.toLowerCase();
  return LIGATURES[lower] ?? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** The span in the original text of the normalised characters [start, end). */
export function originalSpan(n: Normalized, start: number, end: number): Span {
  return [n.at[start], n.at[end - 1] + 1];
}

/** A mention of the normalised characters [start, end), with the words as written. */
export function mentionAt(n: Normalized, start: number, end: number): Mention {
  const span = originalSpan(n, start, end);
  return { said: n.original.slice(span[0], span[1]), span };
}

/** The index in the normalised text of the first character at or after an original position. */
export function indexIn(n: Normalized, originalIndex: number): number {
  let lo = 0;
  let hi = n.at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (n.at[mid] < originalIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
