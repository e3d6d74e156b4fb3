// What the bot accepts from a person, whatever the channel: text the database can store and the
// understanding can read in a moment.
//
// - `cleanInput()` runs before the transcript. It removes what PostgreSQL refuses (NUL; a lone half of
//   a surrogate pair, which jsonb refuses) and what only hides or disguises text: other control
//   characters, terminal escape sequences, bidirectional overrides and isolates (a message would read
//   differently in the console than it was written), zero-width spaces and byte-order marks. Line
//   breaks, tabs, and the zero-width joiners inside emoji and some scripts stay. Text is put in Unicode
//   NFC, so that « é » typed as e + accent reads as « é ». A text over MAX_MESSAGE_CHARS is cut there
//   for the transcript (the advisors see its beginning), and the turn is marked.
// - `refuseLongMessages()` runs after the transcript: a marked turn gets a polite answer and the bot
//   does not run. In the needs dialog, 100,000 characters took 29 s to understand (5,000: under a
//   second), holding the conversation's turn lock; nobody types more than a few paragraphs to a
//   chatbot. The question the dialog was asking stays asked.
import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';

/** The longest message the bot reads, in characters (as the needs analysis API: 5,000). */
export const MAX_MESSAGE_CHARS = 5_000;

/** Objects and arrays nested deeper than this are refused at the doors: nothing legitimate goes near it. */
export const MAX_JSON_DEPTH = 32;

const TOO_LONG = Symbol('messageTooLong');

const number = (n: number) => n.toLocaleString('fr-FR');

export const TEXT = {
  tooLong: (chars: number) =>
    `Votre message est trop long pour moi : ${number(chars)} caractères, et je n’en lis que ${number(MAX_MESSAGE_CHARS)} à la fois. ` +
    'Pouvez-vous me l’écrire en quelques phrases ?',
};

// C0 controls but tab and line breaks, DEL, C1 controls; bidirectional embeddings, overrides and
// isolates; zero-width space, word joiner, byte-order mark; interlinear annotation marks.
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ufff9-\ufffb]/g;
// Terminal escape sequences (colours, cursor moves) pasted with a text: the ESC alone would leave « [31m ».
const TERMINAL_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What PostgreSQL can store: no NUL, no lone surrogate (replaced by U+FFFD, as a UTF-8 decoder does). */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\ufffd');
}

/** A person's text as the bot reads and stores it (see the top of this file). */
export function cleanText(text: string): string {
  return storableText(text).replace(/\r\n?/g, '\n').replace(TERMINAL_SEQUENCE, '').replace(HIDDEN, '').normalize('NFC');
}

/** A JSON copy of the value with every string and key made storable (for jsonb columns). */
export function storableJson(value: unknown): any {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k !== storableText(k))) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [storableText(k), inner]));
    }
    return v;
  });
}

/** True when objects and arrays nest deeper than `max` (walked without recursion: the input is anyone's). */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return false;
}

/** Cleans the text (and the strings of the value: a card's answers) of every activity; cuts and marks a text too long to read. */
export function cleanInput(maxChars = MAX_MESSAGE_CHARS): Middleware {
  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.text !== undefined && activity.text !== null) {
        // Channels give a string; anything else (a channel's bug, a forged update) counts as no text.
        const text = typeof activity.text === 'string' ? cleanText(activity.text) : '';
        const chars = codePoints(text, maxChars);
        if (chars > maxChars) {
          if (activity.type === ActivityTypes.Message) context.turnState.set(TOO_LONG, chars);
          activity.text = `${[...text.slice(0, 2 * maxChars)].slice(0, maxChars).join('')} […]`;
        } else activity.text = text;
      }
      if (activity.value !== undefined) activity.value = cleanStrings(activity.value);
      await next();
    },
  };
}

/** A message `cleanInput` found too long gets a polite answer, and the bot does not run on it. */
export function refuseLongMessages(): Middleware {
  return {
    async onTurn(context, next) {
      const chars = tooLong(context);
      if (chars === undefined) return next();
      await context.sendActivity(TEXT.tooLong(chars));
    },
  };
}

/** The length of the text `cleanInput` found too long this turn, in characters. */
function tooLong(context: TurnContext): number | undefined {
  return context.turnState.get(TOO_LONG);
}

/** Characters as people count them (an emoji is one). */
function codePoints(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) count++;
  }
  return count;
}

function cleanStrings(value: Activity['value'], depth = 0): Activity['value'] {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value !== 'object' || value === null || depth >= MAX_JSON_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), cleanStrings(v, depth + 1)]));
}
