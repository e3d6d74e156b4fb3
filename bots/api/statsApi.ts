// The demand in figures, for the Métropole's analysts and its open-data portal.
//   GET /api/needs/stats?groupBy=&from=&to=&territory=&format=json|csv
//       →  Stats (services/demand/types.ts); CSV: clé;libellé;besoins;personnes and a total line
//   GET /api/needs/open-data?groupBy=&from=&to=&territory=&format=json|csv
//       →  OpenData: companies, needs and people per cell, small cells masked; CSV: « secret » in them
// groupBy: domain (default), rome, commune, deadlineMonth, deadlineQuarter, size, sector; from and to:
// months of recording (YYYY-MM); territory: all (default), metropole, outside or an INSEE code.
// Never cached: a need confirmed a moment ago is in the next answer.
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../services/logger';
import { parseStatsQuery, StatsQueryError, toCsv } from '../../services/demand/stats';
import type { DemandStats, StatsQuery } from '../../services/demand/types';
import { ApiError, requireToken, route } from './http';

const PARAMETERS = ['groupBy', 'from', 'to', 'territory', 'format'];
const FORMATS = ['json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export interface StatsApiDeps {
  stats: DemandStats;
  apiToken: string | undefined;
  logger: Logger;
}

export function registerStatsApi(server: Server, { stats, apiToken, logger }: StatsApiDeps): void {
  const auth = requireToken(apiToken, logger);

  server.get(
    '/api/needs/stats',
    auth,
    route(async (req, res) => {
      const { query, format } = readQuery(req);
      const answer = await stats.stats(query).catch(refused);
      if (format === 'json') return sendJson(res, answer);
      const rows = answer.rows.map((r) => [r.key, r.label, r.needs, r.headcount]);
      sendCsv(res, `besoins-${query.groupBy}.csv`, toCsv(['clé', 'libellé', 'besoins', 'personnes'], [...rows, ['total', 'Total', answer.total.needs, answer.total.headcount]]));
    }, logger),
  );

  server.get(
    '/api/needs/open-data',
    auth,
    route(async (req, res) => {
      const { query, format } = readQuery(req);
      const answer = await stats.openData(query).catch(refused);
      if (format === 'json') return sendJson(res, answer);
      const count = (value: number | null) => value ?? 'secret';
      const rows = answer.rows.map((r) => [r.key, r.label, count(r.companies), count(r.needs), count(r.headcount)]);
      sendCsv(res, `besoins-open-data-${query.groupBy}.csv`, toCsv(['clé', 'libellé', 'entreprises', 'besoins', 'personnes'], rows));
    }, logger),
  );
}

/** The query string, each parameter once and known; a 400 in French otherwise. */
function readQuery(req: Request): { query: StatsQuery; format: Format } {
  const params = new URL(req.url ?? '', 'http://localhost').searchParams;
  const names = [...new Set(params.keys())];
  const unknown = names.filter((name) => !PARAMETERS.includes(name));
  if (unknown.length) throw invalid(`paramètre inconnu : ${unknown.join(', ')} (attendus : ${PARAMETERS.join(', ')})`);
  const repeated = names.filter((name) => params.getAll(name).length > 1);
  if (repeated.length) throw invalid(`paramètre répété : ${repeated.join(', ')}`);
  const format = (params.get('format')?.trim().toLowerCase() || 'json') as Format;
  if (!FORMATS.includes(format)) throw invalid('format : json ou csv');
  try {
    return { query: parseStatsQuery(Object.fromEntries(params)), format };
  } catch (err) {
    return refused(err);
  }
}

/** A query the stats cannot answer is a 400; the service too checks what only it knows (that a commune exists). */
function refused(err: unknown): never {
  if (err instanceof StatsQueryError) throw invalid(err.message);
  throw err;
}

const invalid = (problem: string) => new ApiError(400, `Requête invalide : ${problem}.`);

/** `Cache-Control: no-store` comes with every /api answer (bots/httpServer.ts). */
function sendJson(res: Response, body: unknown): void {
  res.json(200, body);
}

function sendCsv(res: Response, filename: string, csv: string): void {
  const body = Buffer.from(csv, 'utf8');
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
