// The demand in figures, for the Métropole's analysts (the API, the dashboard): needs and people per
// domain, fiche, commune, deadline, company size or sector, over months of recording and a territory.
//
// stats() reads only the rollup (./rollup.ts), whose rows grow with the variety of the demand (fiches ×
// communes × months), not with the number of needs; a need confirmed a moment ago is already there (the
// rollup changes in the need's transaction). npm run bench:demand times it over a million needs.
// openData() counts companies, which do not add up from one rollup row to the next (a company with
// needs in two months is one company, not two): it reads the needs themselves, and is slower.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Prisma } from '../database';
import { OccupationIndex, type RomeFiche } from '../understanding/occupations';
import { PlaceIndex } from '../understanding/places';
import { parisToday } from '../understanding/deadline';
import { ASAP, DIMENSIONS, NEED_VALUE as ROLLUP_VALUE, UNKNOWN, type Dimension } from './rollup';
import type { DemandStats, GroupBy, OpenData, OpenDataRow, Stats, StatsQuery, StatsRow, Territory, TrendPoint } from './types';
import { LYON, parseTerritory, territoryCommunes } from './territory';

export const GROUP_BYS = DIMENSIONS.filter((d): d is GroupBy => d !== 'week');

const TREND_LENGTH = 12;

// ── Labels ─────────────────────────────────────────────────────────────────────────────────────

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const SIZES: Record<string, string> = { '1-9': '1 à 9 salariés', '10-49': '10 à 49 salariés', '50-249': '50 à 249 salariés', '250+': '250 salariés et plus' };

export interface LabelSources {
  occupations: Pick<OccupationIndex, 'fiche'>;
  places: Pick<PlaceIndex, 'metropole'>;
}

/** What the rollup's keys mean, in French, and which communes make the Métropole. */
export class DemandLabels {
  private static shared: DemandLabels | undefined;
  private loaded: { occupations: LabelSources['occupations']; metropole: Map<string, string> } | undefined;
  private france: Map<string, string> | undefined;
  private readonly domains = new Map<string, string | undefined>();

  /** From indexes already built (the understanding's), or from a loader run on first use. */
  constructor(private readonly sources: LabelSources | (() => LabelSources)) {}

  /**
   * One per process with indexes of its own, loaded on first use (about 0.7 s): for tests and tools. The
   * bot gives the understanding's indexes instead (index.ts).
   */
  static load(): DemandLabels {
    return (DemandLabels.shared ??= new DemandLabels(() => ({ occupations: OccupationIndex.load(), places: PlaceIndex.load() })));
  }

  label(dimension: Dimension, key: string): string {
    if (key === UNKNOWN) return 'Non précisé';
    switch (dimension) {
      case 'domain':
        return this.domainLabel(key) ?? key;
      case 'rome': {
        const fiche = this.fiche(key);
        return fiche ? `${fiche.code} ${fiche.label}` : key;
      }
      case 'commune':
        return key === '' ? 'Commune inconnue' : (this.communeName(key) ?? key);
      case 'deadlineMonth': {
        if (key === ASAP) return 'Dès que possible';
        const [year, month] = key.split('-').map(Number);
        return MONTHS[month - 1] ? `${MONTHS[month - 1]} ${year}` : key;
      }
      case 'deadlineQuarter': {
        if (key === ASAP) return 'Dès que possible';
        const quarter = /^(\d{4})-T([1-4])$/.exec(key);
        return quarter ? `${quarter[2] === '1' ? '1er' : `${quarter[2]}e`} trimestre ${quarter[1]}` : key;
      }
      case 'size':
        return SIZES[key] ?? key;
      case 'sector':
        return key.charAt(0).toLocaleUpperCase('fr') + key.slice(1);
      case 'week': {
        const [year, month, day] = key.split('-').map(Number);
        return MONTHS[month - 1] ? `semaine du ${day === 1 ? '1er' : day} ${MONTHS[month - 1]} ${year}` : key;
      }
    }
  }

  /** A fiche's name alone ("Conduite d'engins de déplacement des charges"), null for an unknown code. */
  ficheName(code: string): string | null {
    return this.fiche(code)?.label ?? null;
  }

  /** The INSEE codes of the Métropole's communes and of Lyon's arrondissements (which the needs store when said). */
  metropole(): string[] {
    return [...this.indexes().metropole.keys()];
  }

  /** A commune or municipal arrondissement of France. */
  isCommune(insee: string): boolean {
    return this.communeName(insee) !== undefined;
  }

  private fiche(code: string): RomeFiche | undefined {
    return this.indexes().occupations.fiche(code);
  }

  // OccupationIndex gives fiches, not its table of domains: a domain's label is that of any of its
  // fiches, and every domain has one in its first groups (A1101, B1101…).
  private domainLabel(letter: string): string | undefined {
    if (!/^[A-Z]$/.test(letter)) return undefined;
    if (!this.domains.has(letter)) {
      let label: string | undefined;
      for (let group = 11; group <= 99 && !label; group++) {
        for (let n = 1; n <= 99 && !label; n++) label = this.fiche(`${letter}${group}${String(n).padStart(2, '0')}`)?.domainLabel;
      }
      // The ROME file separates the parts of a domain's name with semicolons: « Hôtellerie-Restauration, Tourisme, … ».
      this.domains.set(letter, label?.replace(/\s*;\s*/g, ', '));
    }
    return this.domains.get(letter);
  }

  private communeName(insee: string): string | undefined {
    // Names outside the Métropole are rarely asked for: the list of France's communes is read then.
    return this.indexes().metropole.get(insee) ?? (this.france ??= readFranceCommunes()).get(insee);
  }

  private indexes() {
    if (!this.loaded) {
      const { occupations, places } = typeof this.sources === 'function' ? this.sources() : this.sources;
      this.loaded = { occupations, metropole: new Map(places.metropole().map((c) => [c.insee, c.name])) };
    }
    return this.loaded;
  }
}

function readFranceCommunes(): Map<string, string> {
  const dir = path.join(path.dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
  const communes = JSON.parse(readFileSync(path.join(dir, 'communes.json'), 'utf8')) as { code: string; nom: string; type: string }[];
  return new Map(communes.filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal').map((c) => [c.code, c.nom]));
}

// ── The query, as the API and the dashboard receive it ───────────────────────────────────────────

/** A filter the stats cannot apply, with the parameter's name and a French message for a 400. */
export class StatsQueryError extends Error {
  constructor(
    readonly parameter: 'groupBy' | 'from' | 'to' | 'territory',
    message: string,
  ) {
    super(`${parameter} : ${message}`);
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** groupBy (domain by default), from and to (YYYY-MM), territory (all by default): the query or a StatsQueryError. */
export function parseStatsQuery(params: { groupBy?: string; from?: string; to?: string; territory?: string }): StatsQuery {
  const groupBy = params.groupBy?.trim() || 'domain';
  if (!(GROUP_BYS as string[]).includes(groupBy)) throw new StatsQueryError('groupBy', `attendu l’un de ${GROUP_BYS.join(', ')}`);
  const query: StatsQuery = { groupBy: groupBy as GroupBy, territory: territoryOf(params.territory?.trim() ?? '') };
  for (const bound of ['from', 'to'] as const) {
    const value = params[bound]?.trim();
    if (value) query[bound] = value;
  }
  checkPeriod(query);
  return query;
}

function territoryOf(value: string): Territory {
  const territory = parseTerritory(value);
  if (territory) return territory;
  throw new StatsQueryError('territory', 'attendu all, metropole, outside ou le code INSEE d’une commune (par exemple 69259 ; 69123 pour Lyon et ses arrondissements)');
}

function checkPeriod({ from, to }: StatsQuery): void {
  if (from !== undefined && !MONTH.test(from)) throw new StatsQueryError('from', 'un mois au format AAAA-MM, par exemple 2026-03');
  if (to !== undefined && !MONTH.test(to)) throw new StatsQueryError('to', 'un mois au format AAAA-MM, par exemple 2026-12');
  if (from && to && from > to) throw new StatsQueryError('from', `le mois de début (${from}) vient après celui de fin (${to})`);
}

// ── The service ─────────────────────────────────────────────────────────────────────────────────

export interface DemandStatsOptions {
  /** Open-data cells with fewer companies are masked (OPEN_DATA_MIN_COMPANIES). */
  openDataMinCompanies: number;
  /** The clock of "today" for the trend (tests fix it). */
  now?: () => Date;
}

/** Parameters numbered as they are added: values never go into the SQL text. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// How a need maps to its value, for the open data read from the needs: the rollup's own expressions
// (./rollup.ts), with Lyon's arrondissements rolled into Lyon as the stats show them.
const NEED_VALUE: Record<GroupBy, string> = {
  ...ROLLUP_VALUE,
  commune: `CASE WHEN n.commune_insee BETWEEN '69381' AND '69389' THEN '${LYON}' ELSE ${ROLLUP_VALUE.commune} END`,
};

interface Cell {
  key: string;
  companies: number;
  needs: number;
  headcount: number;
}

export class DemandStatsService implements DemandStats {
  private readonly now: () => Date;

  constructor(
    private readonly prisma: Prisma,
    private readonly labels: DemandLabels,
    private readonly options: DemandStatsOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One statement (one snapshot) over the rollup: the rows of the period, and the trend. The trend is
   * always the last 12 weeks and 12 months up to today, whatever the period asked: it shows where the
   * demand is going, the period says what to count.
   */
  async stats(query: StatsQuery): Promise<Stats> {
    this.check(query);
    const params = new Params();
    const territory = this.territoryCondition('commune_insee', query.territory, params);
    const conditions = [`dimension = ${params.add(query.groupBy)}`, territory];
    if (query.from) conditions.push(`month >= ${params.add(`${query.from}-01`)}::date`);
    if (query.to) conditions.push(`month <= ${params.add(`${query.to}-01`)}::date`);
    // Lyon's arrondissements count as Lyon when grouping by commune, as the filter on 69123 does.
    const key = query.groupBy === 'commune' ? `CASE WHEN value BETWEEN '69381' AND '69389' THEN '${LYON}' ELSE value END` : 'value';

    const today = parisToday(this.now());
    const weeks = lastWeeks(today);
    const months = lastMonths(today.slice(0, 7));
    const [firstWeek, lastWeek] = [params.add(weeks[0]), params.add(weeks[weeks.length - 1])];
    const [firstMonth, lastMonth] = [params.add(`${months[0]}-01`), params.add(`${months[months.length - 1]}-01`)];
    // A week's needs sit in the rows of the months it spans: its Monday's month bounds the scan.
    const weeksFromMonth = params.add(`${weeks[0].slice(0, 7)}-01`);

    const rows = await this.prisma.$queryRawUnsafe<{ part: 'row' | 'week' | 'month'; key: string; needs: number; headcount: number }[]>(
      // Each need counts once in every dimension: the months add up the commune rows, the fewest.
      `SELECT 'row' AS part, ${key} AS key, sum(needs)::int AS needs, sum(headcount)::int AS headcount
         FROM need_rollup WHERE ${conditions.join(' AND ')}
         GROUP BY 2
       UNION ALL
       SELECT 'week', value, sum(needs)::int, sum(headcount)::int
         FROM need_rollup WHERE dimension = 'week' AND month BETWEEN ${weeksFromMonth}::date AND ${lastMonth}::date
          AND value BETWEEN ${firstWeek} AND ${lastWeek} AND ${territory}
         GROUP BY value
       UNION ALL
       SELECT 'month', to_char(month, 'YYYY-MM'), sum(needs)::int, sum(headcount)::int
         FROM need_rollup WHERE dimension = 'commune' AND month BETWEEN ${firstMonth}::date AND ${lastMonth}::date AND ${territory}
         GROUP BY month`,
      ...params.values,
    );

    const counted: StatsRow[] = rows
      .filter((r) => r.part === 'row')
      .map((r) => ({ key: r.key, label: this.labels.label(query.groupBy, r.key), needs: r.needs, headcount: r.headcount }))
      .sort(byHeadcountThenKey);
    const trend = (part: 'week' | 'month', periods: string[]): TrendPoint[] => {
      const found = new Map(rows.filter((r) => r.part === part).map((r) => [r.key, r]));
      return periods.map((period) => ({ period, needs: found.get(period)?.needs ?? 0, headcount: found.get(period)?.headcount ?? 0 }));
    };
    return {
      query,
      rows: counted,
      total: { needs: sum(counted, 'needs'), headcount: sum(counted, 'headcount') },
      trend: { weeks: trend('week', weeks), months: trend('month', months) },
    };
  }

  /**
   * The aggregates the Métropole may publish: per cell, the companies (a need without a company counts
   * as its own), needs and people. Statistical secrecy as in France Travail's BMO survey: a cell with
   * fewer than `openDataMinCompanies` companies is masked; when only one cell is, the next smallest is
   * masked too, or the total (published elsewhere, or the sum of a wider query) would give it away.
   * No names, no identifiers: only the dimension's values.
   */
  async openData(query: StatsQuery): Promise<OpenData> {
    this.check(query);
    const params = new Params();
    const conditions = [`n.status = 'CONFIRMED'`, this.territoryCondition('n.commune_insee', query.territory, params)];
    // The months are Paris months, as the rollup's: bounds at midnight in Paris, as UTC like created_at.
    if (query.from) conditions.push(`n.created_at >= (${params.add(`${query.from}-01`)}::timestamp AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'UTC'`);
    if (query.to) conditions.push(`n.created_at < (${params.add(`${nextMonth(query.to)}-01`)}::timestamp AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'UTC'`);
    const cells = await this.prisma.$queryRawUnsafe<Cell[]>(
      `SELECT ${NEED_VALUE[query.groupBy]} AS key, count(DISTINCT coalesce(n.company_id, n.id))::int AS companies,
              count(*)::int AS needs, sum(n.headcount)::int AS headcount
         FROM need n LEFT JOIN company c ON c.id = n.company_id
        WHERE ${conditions.join(' AND ')}
        GROUP BY 1`,
      ...params.values,
    );
    const threshold = this.options.openDataMinCompanies;
    return { query, threshold, rows: this.masked(query.groupBy, cells, threshold) };
  }

  private masked(groupBy: GroupBy, cells: Cell[], threshold: number): OpenDataRow[] {
    const few = (cell: Cell) => cell.companies < threshold;
    const secret = new Set(cells.filter(few));
    if (secret.size === 1) {
      const [next] = cells.filter((c) => !secret.has(c)).sort((a, b) => a.companies - b.companies || a.needs - b.needs || a.headcount - b.headcount || compare(a.key, b.key));
      if (next) secret.add(next);
    }
    const shown: OpenDataRow[] = cells
      .filter((c) => !secret.has(c))
      .map((c) => ({ key: c.key, label: this.labels.label(groupBy, c.key), companies: c.companies, needs: c.needs, headcount: c.headcount, masked: false }))
      .sort(byHeadcountThenKey);
    // Masked cells come last in the order of their keys: an order by size would hint at their counts.
    const hidden = [...secret].sort((a, b) => compare(a.key, b.key));
    // Sectors are typed by the companies: one that too few companies wrote may be a company's own name.
    const nameless = groupBy === 'sector' && hidden.some(few);
    const masked = (key: string, label: string): OpenDataRow => ({ key, label, companies: null, needs: null, headcount: null, masked: true });
    return [
      ...shown,
      ...hidden.filter((c) => !(nameless && few(c))).map((c) => masked(c.key, this.labels.label(groupBy, c.key))),
      ...(nameless ? [masked('*', `Autres secteurs (moins de ${threshold} entreprises chacun)`)] : []),
    ];
  }

  private check(query: StatsQuery): void {
    if (!(GROUP_BYS as string[]).includes(query.groupBy)) throw new StatsQueryError('groupBy', `attendu l’un de ${GROUP_BYS.join(', ')}`);
    checkPeriod(query);
    if (query.territory.kind === 'commune' && !this.labels.isCommune(query.territory.insee)) {
      throw new StatsQueryError('territory', `aucune commune n’a le code INSEE ${query.territory.insee}`);
    }
  }

  /**
   * The Métropole is its communes and Lyon's arrondissements. Outside is a known commune that is not
   * one of them: a need whose commune is unknown ('' in the rollup: a postcode shared by several
   * communes, a département) may be on either side, so it counts only in « all ».
   */
  private territoryCondition(column: string, territory: Territory, params: Params): string {
    switch (territory.kind) {
      case 'all':
        return 'true';
      case 'metropole':
        return `${column} = ANY(${params.add(this.labels.metropole())}::text[])`;
      case 'outside':
        return `${column} <> '' AND NOT (${column} = ANY(${params.add(this.labels.metropole())}::text[]))`;
      case 'commune':
        return `${column} = ANY(${params.add(territoryCommunes(territory.insee))}::text[])`;
    }
  }
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * CSV as spreadsheets in France open it: UTF-8 with a BOM, « ; » between fields, CRLF, quotes when a
 * field needs them, integers as such, empty for null. Text that a spreadsheet would take for a formula
 * (= + - @, tab, CR at the start: sectors are typed by users) gets a leading apostrophe.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${[header, ...rows].map((fields) => fields.map(csvField).join(';')).join('\r\n')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Math.round(value));
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// ── Periods ─────────────────────────────────────────────────────────────────────────────────────

/** The Mondays (YYYY-MM-DD) of the last 12 ISO weeks, the one of `today` last. */
function lastWeeks(today: string): string[] {
  const day = new Date(`${today}T00:00:00Z`);
  const monday = day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000;
  return Array.from({ length: TREND_LENGTH }, (_, i) => new Date(monday - (TREND_LENGTH - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10));
}

/** The last 12 months (YYYY-MM), `month` last. */
function lastMonths(month: string): string[] {
  const [year, m] = month.split('-').map(Number);
  return Array.from({ length: TREND_LENGTH }, (_, i) => new Date(Date.UTC(year, m - 1 - (TREND_LENGTH - 1 - i), 1)).toISOString().slice(0, 7));
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byHeadcountThenKey = (a: { key: string; headcount: number | null }, b: { key: string; headcount: number | null }) =>
  (b.headcount ?? 0) - (a.headcount ?? 0) || compare(a.key, b.key);

const sum = (rows: StatsRow[], field: 'needs' | 'headcount') => rows.reduce((total, r) => total + r[field], 0);
