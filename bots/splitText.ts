// Channels cap the length of a message (Messenger 2,000 characters, Telegram 4,096): a longer text is
// sent as several messages, cut between paragraphs, else lines, else sentences, else words.
const BREAKS = [/\n\n/g, /\n/g, /(?<=[.!?…»)])\s+/g, /\s+/g];

export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = lastBreak(rest, max);
    pieces.push(rest.slice(0, cut.end).trimEnd());
    rest = rest.slice(cut.next).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Where to cut `text` so that the first piece holds at most `max` characters. */
function lastBreak(text: string, max: number): { end: number; next: number } {
  for (const pattern of BREAKS) {
    let best: { end: number; next: number } | undefined;
    for (const m of text.matchAll(pattern)) {
      if (m.index! > max) break;
      if (m.index! > 0) best = { end: m.index!, next: m.index! + m[0].length };
    }
    // A break too early would leave tiny pieces: only take one in the second half.
    if (best && best.end >= max / 2) return best;
  }
  return { end: max, next: max };
}
