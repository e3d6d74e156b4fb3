// The needs API: analyse a text without storing anything, and list the recorded needs.
//   POST /api/needs/analyze   { "text": "…" }  →  { needs: [...], companySize }
//   GET  /api/needs?domain=&rome=&commune=&from=&to=&page=&pageSize=
import type { Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../../services/logger';
import type { NeedsStore } from '../../services/needs';
import type { NeedsUnderstanding } from '../../services/understanding/needsAnalyzer';
import { readJson, requireToken, route, validate } from './http';
import { cleanText, MAX_MESSAGE_CHARS } from '../inputLimits';

const MAX_BODY_BYTES = 64 * 1024;
/** As much as the bot reads of a message. */
const MAX_TEXT_CHARS = MAX_MESSAGE_CHARS;

const analyzeBody = z.object(
  {
    text: z.string({ error: 'le champ "text" (une chaîne) est obligatoire' }).trim().min(1, 'le champ "text" est vide').max(MAX_TEXT_CHARS, `le champ "text" dépasse ${MAX_TEXT_CHARS} caractères`),
  },
  { error: 'un objet JSON est attendu, par exemple {"text": "…"}' },
);

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'date attendue au format AAAA-MM-JJ').transform((v, ctx) => {
  const date = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'date impossible' });
    return z.NEVER;
  }
  return date;
});

const listQuery = z
  .object({
    domain: z.string().trim().toUpperCase().regex(/^[A-N]$/, 'une lettre de domaine ROME, de A à N').optional(),
    rome: z.string().trim().toUpperCase().regex(/^[A-N]\d{4}$/, 'un code de fiche ROME, par exemple N1101').optional(),
    commune: z.string().trim().toUpperCase().regex(/^(\d{5}|2[AB]\d{3})$/, 'un code INSEE de commune, par exemple 69259').optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int().min(1, 'à partir de 1').default(1),
    pageSize: z.coerce.number().int().min(1).max(200, '200 au plus').default(50),
  })
  .strict();

export interface NeedsApiDeps {
  understanding: NeedsUnderstanding;
  needs: NeedsStore;
  apiToken: string | undefined;
  logger: Logger;
}

export function registerNeedsApi(server: Server, { understanding, needs, apiToken, logger }: NeedsApiDeps): void {
  const auth = requireToken(apiToken, logger);

  server.post(
    '/api/needs/analyze',
    auth,
    route(async (req, res) => {
      const { text } = validate(analyzeBody, await readJson(req, MAX_BODY_BYTES));
      // Read as the bot reads a message (bots/inputLimits.ts), so that both understand the same.
      res.json(understanding.analyze(cleanText(text)));
    }, logger),
  );

  server.get(
    '/api/needs',
    auth,
    route(async (req, res) => {
      const query = validate(listQuery, Object.fromEntries(new URL(req.url ?? '', 'http://localhost').searchParams));
      const { page, pageSize, ...filters } = query;
      const { needs: found, total } = await needs.list(filters, { page, pageSize });
      res.json({ total, page, pageSize, needs: found });
    }, logger),
  );
}

