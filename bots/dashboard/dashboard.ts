// The demand dashboard at /dashboard, for the Métropole's and the CRIJ's analysts: one page (./public),
// Chart.js served from node_modules (no CDN), and the JSON it reads. Analysts sign in as on the console,
// and the data lives under /console/api/dashboard/ because the session cookie's Path is /console: a
// browser sends it according to the path requested, so the page's fetches from /dashboard carry it.
//   GET /console/api/dashboard/stats?groupBy=&from=&to=&territory=   →  Stats
//   GET /console/api/dashboard/stats.csv?…                           →  the same rows, CSV (UTF-8 BOM, « ; »)
//   GET /console/api/dashboard/gap?by=&territory=&before=             →  Gap
//   GET /console/api/dashboard/pools?territory=&viable=               →  {pools}
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isCalendarDay } from '../../services/calendarDay';
import { parseTerritory } from '../../services/demand/territory';
import { parseStatsQuery, StatsQueryError, toCsv } from '../../services/demand/stats';
import type { DemandStats, OfferGap, Pooling, StatsQuery, Territory } from '../../services/demand/types';
import type { Logger } from '../../services/logger';
import { parisToday } from '../../services/understanding/deadline';
import { ApiError, route, queryObject, validate } from '../api/http';

import type { RequireAdvisor } from '../console/auth';
import { publicFiles, sendFile as sendStatic, staticFile, TYPES, type StaticFile } from '../staticFiles';

// The dashboard's 400s are about its filters.
const FILTERS = { title: 'Filtres invalides' };

// The page shows who needs what, company by company: it loads and talks to this server only, and no
// other site may frame it. Chart.js sizes its canvases through element.style, which CSP allows (only
// <style> elements and style="" attributes would need 'unsafe-inline').
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': PAGE_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Chart.js changes only with the package: browsers keep it a week, then revalidate against its version. */
const LIBRARY_MAX_AGE = 7 * 24 * 60 * 60;

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/>' +
  '<rect x="7" y="16" width="4" height="9" fill="#fff"/><rect x="14" y="10" width="4" height="15" fill="#fff"/><rect x="21" y="6" width="4" height="19" fill="#fff"/></svg>';

export interface DashboardOptions {
  stats: DemandStats;
  gap: OfferGap;
  pooling: Pooling;
  requireAdvisor: RequireAdvisor;
  logger: Logger;
  /** The clock "today" is read from (tests fix it): the gap's deadline may not be in the past. */
  now?: () => Date;
}

export function registerDashboard(server: Server, { stats, gap, pooling, requireAdvisor, logger, now = () => new Date() }: DashboardOptions): void {
  const file = publicFiles(__dirname, 'dashboard');
  const page = file('index.html', TYPES.html);
  const script = file('dashboard.js', TYPES.js);
  const style = file('dashboard.css', TYPES.css);
  const icon = staticFile(Buffer.from(ICON), TYPES.svg);
  const chart = chartLibrary();

  server.get('/dashboard', async (req, res) => sendFile(req, res, page, { 'Cache-Control': 'no-cache' }));
  server.get('/dashboard/', async (req, res) => sendFile(req, res, page, { 'Cache-Control': 'no-cache' }));
  server.get('/dashboard/dashboard.js', async (req, res) => sendFile(req, res, script, { 'Cache-Control': 'no-cache' }));
  server.get('/dashboard/dashboard.css', async (req, res) => sendFile(req, res, style, { 'Cache-Control': 'no-cache' }));
  server.get('/dashboard/favicon.svg', async (req, res) => sendFile(req, res, icon, { 'Cache-Control': 'no-cache' }));
  server.get('/dashboard/chart.js', async (req, res) => sendFile(req, res, chart, { 'Cache-Control': `public, max-age=${LIBRARY_MAX_AGE}` }));

  /** A data route: for analysts only, never cached, refused (and logged) by `route` when it throws an ApiError. */
  const api = (handler: (query: Record<string, string>, res: Response) => Promise<void>) =>
    route(async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await requireAdvisor(req, { role: 'ANALYST' });
      await handler(queryObject(req, FILTERS), res);
    }, logger);

  server.get(
    '/console/api/dashboard/stats',
    api(async (query, res) => {
      res.json(200, await stats.stats(statsQuery(query)));
    }),
  );

  server.get(
    '/console/api/dashboard/stats.csv',
    api(async (query, res) => {
      const parsed = statsQuery(query);
      const { rows } = await stats.stats(parsed);
      const body = Buffer.from(toCsv(['code', 'libellé', 'besoins', 'personnes à former'], rows.map((r) => [r.key, r.label, r.needs, r.headcount])));
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="demande-${parsed.groupBy}-${territoryParam(parsed.territory)}.csv"`,
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(body);
    }),
  );

  server.get(
    '/console/api/dashboard/gap',
    api(async (query, res) => {
      res.json(200, await gap.gap(validate(gapQuery(parisToday(now())), query, FILTERS)));
    }),
  );

  server.get(
    '/console/api/dashboard/pools',
    api(async (query, res) => {
      const { territory, viable } = validate(poolsQuery, query, FILTERS);
      res.json(200, { pools: await pooling.pools({ territory, viableOnly: viable }) });
    }),
  );
}

// ---- The filters, as the page sends them ----

const STATS_PARAMETERS = ['groupBy', 'from', 'to', 'territory'];

/** groupBy, from, to, territory: parsed by the stats service's own rules, unknown parameters refused. */
function statsQuery(query: Record<string, string>): StatsQuery {
  checkKnown(query, STATS_PARAMETERS);
  try {
    return parseStatsQuery(query);
  } catch (err) {
    if (err instanceof StatsQueryError) throw new ApiError(400, `Filtres invalides : ${err.message}.`);
    throw err;
  }
}

/** « all », « metropole », « outside », or a commune's INSEE code (Lyon, 69123, with its arrondissements). */
const territory = z
  .string()
  .default('all')
  .transform((value, ctx): Territory => {
    const parsed = parseTerritory(value || 'all');
    if (!parsed) ctx.addIssue({ code: 'custom', message: 'all, metropole, outside ou le code INSEE d’une commune (69123 : Lyon et ses arrondissements)' });
    return parsed ?? z.NEVER;
  });

/** A day from today on (Paris): the gap counts needs still to be served. */
const dayFrom = (today: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'une date au format AAAA-MM-JJ')
    .refine(isCalendarDay, 'une date qui existe')
    .refine((day) => day >= today, `une date à venir (aujourd’hui : ${today})`);

const gapQuery = (today: string) =>
  z
    .object({
      by: z.enum(['rome', 'domain'], { error: 'rome ou domain' }).default('rome'),
      territory,
      before: dayFrom(today).optional(),
    })
    .strict();

const poolsQuery = z
  .object({
    territory,
    viable: z.enum(['true', 'false'], { error: 'true ou false' }).default('false').transform((v) => v === 'true'),
  })
  .strict();

function checkKnown(query: Record<string, string>, known: string[]): void {
  const unknown = Object.keys(query).filter((key) => !known.includes(key));
  if (unknown.length) throw new ApiError(400, `Filtres invalides : paramètre inconnu : ${unknown.join(', ')}.`);
}


function territoryParam(t: Territory): string {
  return t.kind === 'commune' ? t.insee : t.kind;
}

// ---- Files ----

function sendFile(req: Request, res: Response, file: StaticFile, headers: Record<string, string>): void {
  sendStatic(req, res, file, { ...SECURITY_HEADERS, ...headers });
}

/**
 * Chart.js's browser bundle (window.Chart). The package's exports name only its modules (dist/chart.cjs
 * for require): the UMD bundle is beside it. Its source-map comment is dropped, the map not being served.
 */
function chartLibrary(): StaticFile {
  const dist = path.dirname(require.resolve('chart.js'));
  const { version } = JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string };
  const source = readFileSync(path.join(dist, 'chart.umd.min.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return staticFile(Buffer.from(source), TYPES.js, `"chartjs-${version}"`);
}
