// A person on Telegram, talking to the real application through the fake Bot API: by long polling (the
// update is queued, its turn is over once the bot confirms it) or by webhook (the POST returns after the turn).
import { createApp, type App } from '../../index';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import type { Message } from 'node-telegram-bot-api';
import type { ApiCall, FakeTelegram, NewUpdate } from './fakeTelegram';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

/** The real application with Telegram on, talking to the fake Bot API. */
export async function startTelegramBot(fake: FakeTelegram, env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    DATABASE_URL: 'memory:',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.url,
    ...env,
  });
  return createApp(config, { logger: createLogger(config.LOG_LEVEL) });
}

/** A reply as the person sees it. */
export interface Sent {
  text: string;
  /** Reply keyboard labels, row after row. */
  keyboard?: string[];
  /** Inline buttons: label and callback data. */
  inline?: { text: string; data: string }[];
  params: Record<string, unknown>;
}

type Deliver = (update: NewUpdate) => Promise<void>;

/** Updates reach the bot by getUpdates; resolves once the bot has confirmed them (it does so after their turns). */
export const byPolling =
  (fake: FakeTelegram): Deliver =>
  (update) =>
    fake.confirmed(fake.push(update));

/** Updates reach the bot on its webhook; resolves with the turn. */
export const byWebhook =
  (fake: FakeTelegram, app: App, secret: string | undefined = WEBHOOK_SECRET): Deliver =>
  async (update) => {
    const status = await postUpdate(app, { update_id: fake.newUpdateId(), ...update }, secret);
    if (status !== 200) throw new Error(`the webhook answered HTTP ${status}`);
  };

export async function postUpdate(app: App, update: object, secret: string | undefined): Promise<number> {
  const response = await fetch(`${app.url}/api/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

let nextChatId = 7_000_000;
let nextMessageId = 1;

export class TelegramChat {
  readonly chatId: number;
  /** The id of the person's last message. */
  lastMessageId = 0;

  constructor(
    private readonly fake: FakeTelegram,
    private readonly deliver: Deliver,
    chatId?: number,
  ) {
    this.chatId = chatId ?? nextChatId++;
  }

  get user() {
    return { id: this.chatId, is_bot: false, first_name: 'Camille', language_code: 'fr' };
  }

  get chat() {
    return { id: this.chatId, type: 'private', first_name: 'Camille' };
  }

  say(text: string): Promise<Sent[]> {
    return this.sendMessage({ text });
  }

  /** A press on a reply-keyboard button sends its label as a message. */
  press(label: string): Promise<Sent[]> {
    return this.say(label);
  }

  /** A press on an inline button of the bot's last message. */
  tap(data: string, queryId = `query-${nextMessageId++}`): Promise<Sent[]> {
    const last = this.fake.messagesTo(this.chatId).at(-1);
    const message = { message_id: 1, date: 0, chat: this.chat, ...(last ? { text: String(last.params.text) } : {}) } as Message;
    return this.turn({ callback_query: { id: queryId, from: this.user, chat_instance: 'ci', message, data } });
  }

  /** A message without text: `{ photo: [...] }`, `{ sticker: {...} }`… */
  sendContent(content: Partial<Message>): Promise<Sent[]> {
    return this.sendMessage(content);
  }

  /** The person edits one of their messages. */
  edit(messageId: number, text: string): Promise<Sent[]> {
    const edited = { message_id: messageId, date: now() - 10, edit_date: now(), chat: this.chat, from: this.user, text } as Message;
    return this.turn({ edited_message: edited });
  }

  /**
   * The messages this person receives from `from` on (an index in FakeTelegram.calls), once `count` have
   * arrived, or what arrived when `timeoutMs` ran out: replies kept while Telegram was down come later.
   */
  async receive(count: number, from: number, timeoutMs = 5_000): Promise<Sent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.fake.messagesTo(this.chatId, from).length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.fake.messagesTo(this.chatId, from).map(toSent);
  }

  /** Every call about this chat from `from` on (see FakeTelegram.calls). */
  calls(from = 0): ApiCall[] {
    return this.fake.callsFor(this.chatId, from);
  }

  private sendMessage(content: Partial<Message>): Promise<Sent[]> {
    this.lastMessageId = nextMessageId++;
    const message = { message_id: this.lastMessageId, date: now(), chat: this.chat, from: this.user, ...content } as Message;
    return this.turn({ message });
  }

  private async turn(update: NewUpdate): Promise<Sent[]> {
    const before = this.fake.calls.length;
    await this.deliver(update);
    return this.fake.messagesTo(this.chatId, before).map(toSent);
  }
}

const now = () => Math.floor(Date.now() / 1000);

type Markup = {
  keyboard?: { text: string }[][];
  inline_keyboard?: { text: string; callback_data?: string }[][];
};

export function toSent(call: ApiCall): Sent {
  const markup = call.params.reply_markup as Markup | undefined;
  return {
    text: String(call.params.text),
    ...(markup?.keyboard ? { keyboard: markup.keyboard.flat().map((b) => b.text) } : {}),
    ...(markup?.inline_keyboard ? { inline: markup.inline_keyboard.flat().map((b) => ({ text: b.text, data: b.callback_data ?? '' })) } : {}),
    params: call.params,
  };
}
