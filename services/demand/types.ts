// What the demand services answer: the stats (./stats.ts), the gap with the offer (./gap.ts) and the
// pools (./pools.ts). The API (bots/api/) and the dashboard (bots/dashboard/) show these shapes.
import type { Dimension } from './rollup';

/** Where the needs are: anywhere, the Métropole of Lyon, outside it, or one commune (Lyon 69123 with its arrondissements). */
export type Territory = { kind: 'all' } | { kind: 'metropole' } | { kind: 'outside' } | { kind: 'commune'; insee: string };

/** The dimensions the stats group by (the week is the trend's). */
export type GroupBy = Exclude<Dimension, 'week'>;

export interface StatsQuery {
  groupBy: GroupBy;
  /** Months of recording, inclusive, as YYYY-MM. */
  from?: string;
  to?: string;
  territory: Territory;
}

export interface StatsRow {
  /** The value grouped on: a domain letter, a ROME code, an INSEE code ("69123" for Lyon and its arrondissements), "2027-02", "2027-T1", "10-49", a sector, "?" unknown, "asap". */
  key: string;
  /** In French: "Transport et Logistique", "N1101 Conduite d'engins…", "Vénissieux", "février 2027"… */
  label: string;
  needs: number;
  headcount: number;
}

export interface TrendPoint {
  /** The Monday of the week (YYYY-MM-DD) or the month (YYYY-MM). */
  period: string;
  needs: number;
  headcount: number;
}

export interface Stats {
  query: StatsQuery;
  rows: StatsRow[];
  total: { needs: number; headcount: number };
  /** The last 12 weeks and 12 months up to today (Paris), oldest first, empty periods as zero; same territory filter. */
  trend: { weeks: TrendPoint[]; months: TrendPoint[] };
}

/** An open-data cell: masked (null counts) when fewer companies than the threshold contribute to it. */
export interface OpenDataRow {
  key: string;
  label: string;
  companies: number | null;
  needs: number | null;
  headcount: number | null;
  masked: boolean;
}

export interface OpenData {
  query: StatsQuery;
  threshold: number;
  rows: OpenDataRow[];
}

export interface DemandStats {
  stats(query: StatsQuery): Promise<Stats>;
  openData(query: StatsQuery): Promise<OpenData>;
}

// ── The gap with the offer ──────────────────────────────────────────────────────────────────────

export interface GapQuery {
  by: 'rome' | 'domain';
  territory: Territory;
  /** Needs whose deadline ends before this day (YYYY-MM-DD), and from today on; default: in 12 months. */
  before?: string;
  /** How far an offer's place may be from the need's commune; default: GAP_RADIUS_KM. */
  radiusKm?: number;
}

export interface GapRow {
  key: string;
  label: string;
  needs: number;
  /** People to train, and how many of them an offer could serve. */
  demanded: number;
  covered: number;
  /** covered / demanded, 0 to 1. */
  coverage: number;
  /** Distinct offers that could serve at least one of these needs. */
  offers: number;
}

export interface UncoveredNeed {
  id: string;
  occupation: { said: string; rome: string | null; romeLabel: string | null; domain: string | null };
  headcount: number;
  deadline: { start: string | null; end: string | null; urgent: boolean };
  commune: { insee: string | null; name: string };
  company: string | null;
}

export interface Gap {
  query: GapQuery & { before: string; radiusKm: number };
  rows: GapRow[];
  uncovered: UncoveredNeed[];
}

export interface OfferGap {
  gap(query: GapQuery): Promise<Gap>;
}

// ── Pools ───────────────────────────────────────────────────────────────────────────────────────

export interface PoolMember {
  needId: string;
  company: { id: string | null; name: string | null };
  headcount: number;
  commune: { insee: string | null; name: string };
  deadline: { start: string | null; end: string | null; urgent: boolean };
  /** Agreed, when describing the need, to be told about other companies. */
  consent: boolean;
  /** Asked whether they want to be put in touch: their answer, or 'pending'; null when not asked. */
  invitation: 'pending' | 'yes' | 'no' | null;
}

export interface Pool {
  /** Stable while the pool keeps its first need. */
  id: string;
  rome: string;
  romeLabel: string | null;
  /** Where the pool gathers: the commune of its first need. */
  anchor: { insee: string; name: string };
  /** The days every member's deadline window shares. */
  window: { start: string; end: string };
  headcount: number;
  companies: number;
  /** Enough people for a session (POOL_MIN_HEADCOUNT). */
  viable: boolean;
  members: PoolMember[];
}

export interface PoolsQuery {
  rome?: string;
  territory: Territory;
  viableOnly?: boolean;
}

export interface Pooling {
  pools(query: PoolsQuery): Promise<Pool[]>;
  /** The pool this need is in, if any. */
  poolOf(needId: string): Promise<Pool | undefined>;
}
