// People on channels are known by a pseudonym: a keyed hash (HMAC-SHA-256) of their channel and their
// id there. What we store about them (state, transcript, needs, advisors' queue) carries the pseudonym;
// the real id stays only in the conversation reference, which is what answering them needs.
// Without the key, a pseudonym cannot be traced back to a Telegram or Messenger account, nor recomputed
// from one.
import { createHmac, randomBytes } from 'node:crypto';
import type { Prisma } from './database';

const PREFIX = 'p-';
const KEY_NAME = 'pseudonym-key';

export class Pseudonyms {
  private readonly key: Buffer;

  constructor(key: string) {
    this.key = Buffer.from(key, 'utf8');
  }

  /**
   * The key: PSEUDONYM_KEY when set, otherwise one made on first start and kept in the database, so that
   * pseudonyms stay the same across restarts and on every instance. Two instances starting together
   * agree on the first one written.
   */
  static async load(prisma: Prisma, configured: string | undefined): Promise<Pseudonyms> {
    if (configured) return new Pseudonyms(configured);
    await prisma.appSecret.createMany({ data: [{ name: KEY_NAME, value: randomBytes(32).toString('hex') }], skipDuplicates: true });
    const { value } = await prisma.appSecret.findUniqueOrThrow({ where: { name: KEY_NAME } });
    return new Pseudonyms(value);
  }

  /** The pseudonym of a person of a channel. The same inputs always give the same pseudonym. */
  of(channelId: string, userId: string): string {
    const digest = createHmac('sha256', this.key).update(channelId).update('\0').update(userId).digest('base64url');
    return PREFIX + digest.slice(0, 32);
  }

  /** True for what `of` gives: an activity replayed with a stored pseudonym is not hashed a second time. */
  static isPseudonym(id: string): boolean {
    return id.startsWith(PREFIX) && id.length === PREFIX.length + 32;
  }
}
