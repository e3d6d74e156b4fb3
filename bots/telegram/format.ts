// What Telegram needs of an outgoing message: texts of at most 4,096 characters, and buttons as a keyboard.
// Texts are sent without parse_mode: the dialogs write plain text (« », •, line breaks, no markup), so
// nothing needs escaping, and a stray "_" or "*" in an offer's title can never make Telegram refuse a
// message ("can't parse entities").
import { ActionTypes, type CardAction } from 'botbuilder';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'node-telegram-bot-api';
export { splitText } from '../splitText';

/** Telegram's limit for one message (counted here in UTF-16 code units, as JavaScript strings are: never more than Telegram's count). */
export const MAX_MESSAGE_LENGTH = 4096;

/** Labels short enough to share a row of the keyboard, three at most (« Oui », « Non », numbers). */
const SHORT_LABEL = 16;

/**
 * Suggested actions as buttons. When each button says what it sends (imBack, the dialogs' choices), a reply
 * keyboard: the press comes back as the person's own message, visible in the chat, and the keyboard hides
 * once used. When a button sends a value other than its label (postBack, messageBack), inline buttons whose
 * callback data is that value (up to Telegram's 64 bytes).
 */
export function keyboardFor(actions: CardAction[] | undefined): ReplyKeyboardMarkup | InlineKeyboardMarkup | undefined {
  if (!actions?.length) return undefined;
  const label = (a: CardAction) => String(a.title ?? a.value ?? '');
  const value = (a: CardAction) => String(a.value ?? a.title ?? '');
  const saysWhatItSends = (a: CardAction) => (a.type === ActionTypes.ImBack || !a.type) && label(a) === value(a);
  const fitsCallback = (a: CardAction) => Buffer.byteLength(value(a), 'utf8') <= 64;
  const perRow = actions.every((a) => label(a).length <= SHORT_LABEL) ? 3 : 1;
  const rows = <T>(buttons: T[]): T[][] => Array.from({ length: Math.ceil(buttons.length / perRow) }, (_, i) => buttons.slice(i * perRow, (i + 1) * perRow));
  if (actions.every(saysWhatItSends) || !actions.every(fitsCallback)) {
    return { keyboard: rows(actions.map((a) => ({ text: label(a) }))), one_time_keyboard: true, resize_keyboard: true };
  }
  return { inline_keyboard: rows(actions.map((a) => ({ text: label(a), callback_data: value(a) }))) };
}
