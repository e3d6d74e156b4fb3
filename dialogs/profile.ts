import type { Role } from '../services/understanding/role';

/** What the bot remembers about a person between conversations (botbuilder user state). */
export interface Profile {
  role?: Role;
}
