// The gap with the offer, the pools, and changing a need, for the Métropole's and the CRIJ's staff.
//   GET   /api/gap?by=rome|domain&territory=all|metropole|outside|<INSEE>&before=YYYY-MM-DD&radiusKm=N  →  Gap
//   GET   /api/pools?rome=N1101&territory=…&viable=true|false  →  { pools: Pool[] }
//   PATCH /api/needs/:id  { "headcount"?: 1..10000, "deadlineEnd"?: "YYYY-MM-DD", "status"?: "withdrawn" | "confirmed" }
//         →  the need as changed; the stats and the pools follow at once (they are computed from the needs).
// territory: all (default), metropole, outside, or an INSEE code (69123: Lyon with its arrondissements).
import type { Server } from 'restify';
import { z } from 'zod';
import { isCalendarDay } from '../../services/calendarDay';
import { parseTerritory } from '../../services/demand/territory';
import type { OfferGap, Pooling } from '../../services/demand/types';
import type { Logger } from '../../services/logger';
import type { NeedChange, NeedsStore } from '../../services/needs';
import { parisToday } from '../../services/understanding/deadline';
import { ApiError, readJson, requireToken, route, queryObject, validate } from './http';

const MAX_BODY_BYTES = 16 * 1024;

const territory = z.string().transform((value, ctx) => {
  const parsed = parseTerritory(value);
  if (!parsed) ctx.addIssue({ code: 'custom', message: 'all, metropole, outside ou un code INSEE de commune (69123 : Lyon et ses arrondissements)' });
  return parsed ?? z.NEVER;
});

/** A day from today on (Paris). */
const dayFrom = (today: string) =>
  z
    .string({ error: 'date attendue au format AAAA-MM-JJ' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ')
    .refine(isCalendarDay, 'date impossible')
    .refine((day) => day >= today, `date passée : aujourd’hui ou après (${today})`);

const gapQuery = (today: string) =>
  z
    .object({
      by: z.enum(['rome', 'domain'], { error: 'rome ou domain' }).default('rome'),
      territory: territory.optional(),
      before: dayFrom(today).optional(),
      radiusKm: z.coerce.number({ error: 'un nombre de kilomètres attendu' }).min(0, 'un nombre de kilomètres, 0 ou plus').max(200, '200 km au plus').optional(),
    })
    .strict();

const poolsQuery = z
  .object({
    rome: z.string().trim().toUpperCase().regex(/^[A-N]\d{4}$/, 'un code de fiche ROME, par exemple N1101').optional(),
    territory: territory.optional(),
    viable: z.enum(['true', 'false'], { error: 'true ou false' }).transform((v) => v === 'true').optional(),
  })
  .strict();

const needChange = (today: string) =>
  z
    .object({
      headcount: z.number({ error: 'un nombre entier de personnes' }).int('un nombre entier de personnes').min(1, 'au moins 1').max(10000, '10000 au plus').optional(),
      deadlineEnd: dayFrom(today).optional(),
      status: z.enum(['withdrawn', 'confirmed'], { error: 'withdrawn ou confirmed' }).optional(),
    }, { error: 'un objet JSON est attendu' })
    .strict()
    .refine((change) => Object.keys(change).length > 0, 'rien à changer : headcount, deadlineEnd ou status');

export interface GapApiDeps {
  gap: OfferGap;
  pooling: Pooling;
  needs: NeedsStore;
  apiToken: string | undefined;
  logger: Logger;
  /** The clock "today" is read from (tests fix it): a deadline or a horizon may not be in the past. */
  now?: () => Date;
}

export function registerGapApi(server: Server, { gap, pooling, needs, apiToken, logger, now = () => new Date() }: GapApiDeps): void {
  const auth = requireToken(apiToken, logger);

  server.get(
    '/api/gap',
    auth,
    route(async (req, res) => {
      const query = validate(gapQuery(parisToday(now())), queryObject(req));
      res.json(await gap.gap({ ...query, territory: query.territory ?? { kind: 'all' } }));
    }, logger),
  );

  // For the Métropole's and the CRIJ's staff holding the token: members come with their company's
  // name, never a contact or who spoke for it (the pool shapes carry neither). Putting companies in
  // touch is the invitations' job, with their consent (services/demand/poolInvitations.ts).
  server.get(
    '/api/pools',
    auth,
    route(async (req, res) => {
      const query = validate(poolsQuery, queryObject(req));
      res.json({ pools: await pooling.pools({ rome: query.rome, territory: query.territory ?? { kind: 'all' }, viableOnly: query.viable }) });
    }, logger),
  );

  server.patch(
    '/api/needs/:id',
    auth,
    route(async (req, res) => {
      const id = String(req.params.id);
      const body = validate(needChange(parisToday(now())), await readJson(req, MAX_BODY_BYTES), { unknownKey: 'champ inconnu' });
      const current = await needs.get(id);
      if (!current) throw new ApiError(404, `Besoin inconnu : ${id}.`);
      const change: NeedChange = { headcount: body.headcount, status: body.status };
      if (body.deadlineEnd) {
        // The start stays unless the new end comes before it; the need is no longer "as soon as possible".
        const start = current.deadline.start && current.deadline.start <= body.deadlineEnd ? current.deadline.start : null;
        change.deadline = { said: body.deadlineEnd, start, end: body.deadlineEnd, urgent: false };
      }
      const updated = await needs.update(id, change);
      // Removed between the two calls.
      if (!updated) throw new ApiError(404, `Besoin inconnu : ${id}.`);
      logger.info({ needId: id, changed: Object.keys(body) }, 'need changed through the api');
      res.json(updated);
    }, logger),
  );
}

/** The query string as an object; a parameter may not be repeated. */
