// Channels cap the length of a message (Messenger 2,000 characters, Telegram 4,096): a longer text is
// sent as several messages. Lengths are counted in UTF-16 code units, as JavaScript strings are: never
// more than what the channels count.

// From the best place to cut to the worst: between paragraphs, lines, sentences, words. French puts a space
// inside « » and before ! ? : ; — never a place to cut.
const NOT_BEFORE = String.raw`(?![»!?:;)\]])`;
const BOUNDARIES = [
  /\n[^\S\n]*\n\s*/g,
  /\n\s*/g,
  new RegExp(String.raw`(?<=[.!?…](?:[^\S\n]?[»"”')\]])*)\s+${NOT_BEFORE}`, 'g'),
  new RegExp(String.raw`(?<!«)\s+${NOT_BEFORE}`, 'g'),
];

/** Splits a text into messages of at most `max` characters, at the best boundary in the second half of each. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const { end, next } = cutPoint(rest, max);
    parts.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(next).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

function cutPoint(text: string, max: number): { end: number; next: number } {
  const window = text.slice(0, max + 1);
  // A boundary too early would leave a tiny message followed by a full one.
  const earliest = Math.floor(max / 2);
  for (const boundary of BOUNDARIES) {
    let best: { end: number; next: number } | undefined;
    for (const m of window.matchAll(boundary)) {
      if (m.index >= earliest && m.index <= max) best = { end: m.index, next: m.index + m[0].length };
    }
    if (best) return best;
  }
  // No space at all: a hard cut, never between the two halves of a surrogate pair (an emoji).
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return { end, next: end };
}
