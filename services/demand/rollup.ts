// The demand, counted as it arrives. Each confirmed need adds one to a row per dimension (its domain,
// fiche, commune, deadline month and quarter, company size and sector, week of recording), keyed by
// the month it was recorded and its commune; withdrawing or changing it takes its share back. The
// stats (./stats.ts) then sum a few thousand rows instead of reading every need, whatever their number.
//
// One SQL statement says how a need maps to its rows; it serves both the incremental update (in the
// transaction that records or changes the need, so a confirmed need counts at once) and the rebuild.
import type { Prisma } from '../database';

export const DIMENSIONS = ['domain', 'rome', 'commune', 'deadlineMonth', 'deadlineQuarter', 'size', 'sector', 'week'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** What a rollup value is when the need does not say (no fiche, no deadline, no company size…). */
export const UNKNOWN = '?';
/** The deadline value of an urgent need or one without an end ("dès que possible"). */
export const ASAP = 'asap';

/** A Prisma client or the transaction client of `$transaction(async (tx) => …)`. */
type Sql = Pick<Prisma, '$executeRawUnsafe'>;

// How a need (alias n, its company c) maps to its value in each dimension. The rollup below and the
// open data (./stats.ts, which reads the needs themselves) both use these expressions.
// Months and weeks are those of Paris: a need recorded at 00:30 on 1 March counts for March.
// Company size as answered: a band ("1-9", "10-49", "50-249", "250+", "1 à 9"…) or a number of employees.
// In PostgreSQL's regular expressions a word boundary is \y (\b is a backspace).
const PARIS_TIME = `n.created_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris'`;
export const NEED_VALUE: Record<Dimension, string> = {
  domain: `coalesce(n.domain::text, '${UNKNOWN}')`,
  rome: `coalesce(n.rome::text, '${UNKNOWN}')`,
  commune: `coalesce(n.commune_insee::text, '')`,
  deadlineMonth: `CASE WHEN n.urgent OR n.deadline_end IS NULL THEN '${ASAP}' ELSE to_char(n.deadline_end, 'YYYY-MM') END`,
  deadlineQuarter: `CASE WHEN n.urgent OR n.deadline_end IS NULL THEN '${ASAP}' ELSE to_char(n.deadline_end, 'YYYY-"T"Q') END`,
  size: `CASE
           WHEN c.size IS NULL THEN '${UNKNOWN}'
           WHEN c.size ~ '^\\s*\\d+\\s*$' THEN
             CASE WHEN c.size::bigint < 10 THEN '1-9' WHEN c.size::bigint < 50 THEN '10-49' WHEN c.size::bigint < 250 THEN '50-249' ELSE '250+' END
           WHEN c.size ~ '^\\s*1\\D+9\\y' THEN '1-9'
           WHEN c.size ~ '^\\s*10\\D+49\\y' THEN '10-49'
           WHEN c.size ~ '^\\s*50\\D+249\\y' THEN '50-249'
           WHEN c.size ~ '^\\s*250' THEN '250+'
           ELSE '${UNKNOWN}'
         END`,
  sector: `coalesce(nullif(lower(trim(c.sector)), ''), '${UNKNOWN}')`,
  week: `to_char(date_trunc('week', ${PARIS_TIME}), 'YYYY-MM-DD')`,
};

const ROWS = `
  SELECT d.dimension, date_trunc('month', ${PARIS_TIME})::date AS month, ${NEED_VALUE.commune} AS commune, d.value,
         count(*)::int AS needs, sum(n.headcount)::int AS headcount
  FROM need n LEFT JOIN company c ON c.id = n.company_id
  CROSS JOIN LATERAL (VALUES ${DIMENSIONS.map((d) => `('${d}', ${NEED_VALUE[d]})`).join(', ')}) AS d(dimension, value)
  WHERE n.status = 'CONFIRMED' AND %WHERE%
  GROUP BY 1, 2, 3, 4`;

function upsert(where: string, sign: 1 | -1): string {
  return `
    INSERT INTO need_rollup (dimension, month, commune_insee, value, needs, headcount)
    SELECT dimension, month, commune, value, ${sign} * needs, ${sign} * headcount FROM (${ROWS.replace('%WHERE%', where)}) AS r
    ON CONFLICT (dimension, month, commune_insee, value)
    DO UPDATE SET needs = need_rollup.needs + excluded.needs, headcount = need_rollup.headcount + excluded.headcount`;
}

/**
 * Adds (+1) or takes back (-1) the share of these needs, as they are now in the database (only the
 * confirmed ones count). Call it with -1 before changing or withdrawing a need, +1 after.
 */
export async function applyNeeds(sql: Sql, needIds: string[], sign: 1 | -1): Promise<void> {
  if (needIds.length === 0) return;
  await sql.$executeRawUnsafe(upsert('n.id = ANY($1::uuid[])', sign), needIds);
  if (sign === -1) await sql.$executeRawUnsafe('DELETE FROM need_rollup WHERE needs = 0');
}

/** The same for every need of a company: its size and sector are dimensions too. */
export async function applyCompany(sql: Sql, companyId: string, sign: 1 | -1): Promise<void> {
  await sql.$executeRawUnsafe(upsert('n.company_id = $1::uuid', sign), companyId);
  if (sign === -1) await sql.$executeRawUnsafe('DELETE FROM need_rollup WHERE needs = 0');
}

/** Recounts everything from the needs (after a bulk load, or to check the incremental counts). */
export async function rebuild(sql: Sql): Promise<void> {
  await sql.$executeRawUnsafe('DELETE FROM need_rollup');
  await sql.$executeRawUnsafe(upsert('true', 1));
}

/** At start-up: needs recorded before the rollup existed (or by a bulk load) are counted once. */
export async function rebuildIfMissing(prisma: Prisma): Promise<boolean> {
  const [counted, confirmed] = await Promise.all([prisma.needRollup.findFirst({ select: { month: true } }), prisma.need.findFirst({ where: { status: 'CONFIRMED' }, select: { id: true } })]);
  if (counted || !confirmed) return false;
  await prisma.$transaction(async (tx) => rebuild(tx));
  return true;
}
