// When the CRIJ advisors answer, from one setting such as ADVISOR_HOURS="1-5 09:00-12:30; 1-5 13:30-18:00; 6 10:00-12:00":
// spans separated by ';', each "days times…" with ISO weekdays (1 = Monday … 7 = Sunday) as a range "1-5"
// or a list "1,3,5", and one or more HH:MM-HH:MM ("9h-18h" and "9h30" are read too; 24:00 ends a day).
// "24/7" (or "always") means always open.
//
// Hours are wall-clock times in Europe/Paris. Instants are turned into Paris weekday and minute with
// Intl, never with the machine's time zone or a fixed offset. The next opening is searched among the
// only instants where "closed" can turn into "open": a span's start on each coming day (0, 1 or 2
// instants when the clocks change) and the clock changes themselves, each checked with isOpen; so it
// is right on the DST weekends (last Sundays of March and October) too.
//
// Limits: public holidays and closures are not known (1 January counts as an ordinary day); a span cannot
// cross midnight (write "5 20:00-24:00; 6 00:00-02:00").

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
/** Far enough to meet every weekday twice, even one whose hours fall in the hour skipped in March. */
const SEARCH_DAYS = 15;

/** [start, end) in minutes since local midnight. */
type Range = [start: number, end: number];

export class OpeningHours {
  /** byDay[1..7]: that weekday's opening ranges, sorted and merged; undefined when always open. */
  private constructor(private readonly byDay: Range[][] | undefined) {}

  /** Reads the setting; throws an Error naming the faulty part in French. */
  static parse(spec: string, name = 'ADVISOR_HOURS'): OpeningHours {
    const text = spec.trim();
    if (/^(always|24\s*\/\s*7|24\s*h\s*\/\s*24|toujours)$/i.test(text)) return new OpeningHours(undefined);
    const parts = text.split(';').map((part) => part.trim()).filter(Boolean);
    if (parts.length === 0) throw new Error(`${name} est vide : écrire par exemple « 1-5 09:00-18:00 », ou « 24/7 » pour toujours ouvert`);
    const byDay: Range[][] = Array.from({ length: 8 }, () => []);
    for (const part of parts) {
      const fail = (problem: string): never => {
        throw new Error(`${name} : « ${part} » : ${problem}`);
      };
      const [daysText, ...times] = part.replace(/\s*([-,])\s*/g, '$1').split(/\s+/);
      if (times.length === 0) fail('attendu « jours HH:MM-HH:MM », par exemple « 1-5 09:00-18:00 »');
      const days = parseDays(daysText, fail);
      for (const time of times) {
        const range = parseRange(time, fail);
        for (const day of days) byDay[day].push(range);
      }
    }
    return new OpeningHours(byDay.map(merge));
  }

  isOpen(at: Date): boolean {
    if (!this.byDay) return true;
    const wall = wallClock(at.getTime());
    return this.byDay[wall.weekday].some(([start, end]) => start <= wall.minute && wall.minute < end);
  }

  /** The next moment it opens after `at` (at itself if open). */
  nextOpening(at: Date): Date {
    if (this.isOpen(at)) return at;
    const from = at.getTime();
    const candidates = [...this.startsAfter(from), ...clockChanges(from, from + SEARCH_DAYS * DAY)].filter((t) => t > from).sort((a, b) => a - b);
    const first = candidates.find((t) => this.isOpen(new Date(t)));
    // Unreachable: parse() accepts only non-empty ranges, and every weekday comes back within the search.
    if (first === undefined) throw new Error('Horaires des conseillers : aucune ouverture trouvée dans les deux semaines');
    return new Date(first);
  }

  /** French, e.g. "du lundi au vendredi de 9 h à 12 h 30 et de 13 h 30 à 18 h, le samedi de 10 h à 12 h". */
  describe(): string {
    if (!this.byDay) return 'tous les jours 24 h/24';
    const groups: { days: number[]; ranges: Range[] }[] = [];
    for (let day = 1; day <= 7; day++) {
      const ranges = this.byDay[day];
      if (ranges.length === 0) continue;
      const same = groups.find((g) => sameRanges(g.ranges, ranges));
      if (same) same.days.push(day);
      else groups.push({ days: [day], ranges });
    }
    return groups.map((g) => `${describeDays(g.days)} ${describeRanges(g.ranges)}`).join(', ');
  }

  /**
   * When someone will answer, from `now`: "aujourd’hui à 13 h 30", "demain à 9 h", "lundi à 9 h" (within 6 days),
   * "le lundi 4 janvier à 9 h" (a week or more); "dès maintenant" when open.
   */
  whenOpens(now: Date): string {
    const opening = this.nextOpening(now);
    if (opening.getTime() === now.getTime()) return 'dès maintenant';
    const today = wallClock(now.getTime());
    const then = wallClock(opening.getTime());
    const days = Math.round((Date.UTC(then.year, then.month - 1, then.day) - Date.UTC(today.year, today.month - 1, today.day)) / DAY);
    const at = `à ${clock(then.minute)}`;
    if (days === 0) return `aujourd’hui ${at}`;
    if (days === 1) return `demain ${at}`;
    // Within the week a weekday is enough; a week or more away it would name today's weekday, so the date is given.
    if (days < 7) return `${WEEKDAYS[then.weekday - 1]} ${at}`;
    return `le ${WEEKDAYS[then.weekday - 1]} ${then.day === 1 ? '1er' : then.day} ${MONTHS[then.month - 1]} ${at}`;
  }

  /** Every instant after `from` whose Paris wall clock is the start of a range, over the coming days. */
  private *startsAfter(from: number): Generator<number> {
    const today = wallClock(from);
    for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
      const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
      const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      for (const [start] of this.byDay![isoWeekday(date)]) yield* instantsAt(year, month, day, start);
    }
  }
}

function parseDays(text: string, fail: (problem: string) => never): number[] {
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) fail(`jours « ${text} » illisibles : écrire une plage « 1-5 » ou une liste « 1,3,5 » (1 = lundi … 7 = dimanche)`);
    const first = Number(m![1]);
    const last = m![2] === undefined ? first : Number(m![2]);
    for (const day of [first, last]) if (day < 1 || day > 7) fail(`jour ${day} inconnu (1 = lundi … 7 = dimanche)`);
    if (last < first) fail(`jours « ${item} » à l’envers : le premier jour vient avant le second (1 = lundi … 7 = dimanche)`);
    for (let day = first; day <= last; day++) days.add(day);
  }
  return [...days];
}

function parseRange(text: string, fail: (problem: string) => never): Range {
  const [startText, endText, ...rest] = text.split('-');
  if (endText === undefined || rest.length > 0) fail(`horaire « ${text} » illisible : écrire HH:MM-HH:MM, par exemple 09:00-18:00`);
  const start = parseTime(startText, text, fail);
  const end = parseTime(endText, text, fail);
  if (end <= start) fail(`la fin (${endText}) doit venir après le début (${startText})`);
  return [start, end];
}

/** "09:00", "9:00", "9h", "9h30" → minutes since midnight; 24:00 is the end of the day. */
function parseTime(text: string, range: string, fail: (problem: string) => never): number {
  const m = /^(\d{1,2})(?::(\d{2})|h(\d{2})?)$/i.exec(text);
  if (!m) return fail(`horaire « ${range} » illisible : écrire HH:MM-HH:MM, par exemple 09:00-18:00`);
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? m[3] ?? 0);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) fail(`heure « ${text} » impossible (de 00:00 à 24:00)`);
  return hours * 60 + minutes;
}

/** Sorted, with overlapping or touching ranges joined ("9-12" and "11-14" are "9-14"). */
function merge(ranges: Range[]): Range[] {
  const merged: Range[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const sameRanges = (a: Range[], b: Range[]): boolean => a.length === b.length && a.every(([s, e], i) => s === b[i][0] && e === b[i][1]);

/** [1,2,3,4,5] → "du lundi au vendredi"; [1,3,5] → "le lundi, le mercredi et le vendredi". */
function describeDays(days: number[]): string {
  if (days.length === 7) return 'tous les jours';
  const runs: number[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === day - 1) run.push(day);
    else runs.push([day]);
  }
  const name = (day: number) => WEEKDAYS[day - 1];
  return list(runs.flatMap((run) => (run.length >= 3 ? [`du ${name(run[0])} au ${name(run[run.length - 1])}`] : run.map((day) => `le ${name(day)}`))));
}

function describeRanges(ranges: Range[]): string {
  if (ranges.length === 1 && ranges[0][0] === 0 && ranges[0][1] === 24 * 60) return '24 h/24';
  return list(ranges.map(([start, end]) => `de ${clock(start)} à ${clock(end)}`));
}

const list = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`);

/** 540 → "9 h", 750 → "12 h 30", 545 → "9 h 05". */
function clock(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return minutes === 0 ? `${hours} h` : `${hours} h ${String(minutes).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- Paris wall clock

interface WallClock {
  year: number;
  month: number;
  day: number;
  /** ISO: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
}

const PARIS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

function wallClock(time: number): WallClock {
  const parts: Record<string, number> = {};
  for (const { type, value } of PARIS.formatToParts(time)) if (type !== 'literal') parts[type] = Number(value);
  const { year, month, day, hour, minute } = parts;
  return { year, month, day, weekday: isoWeekday(new Date(Date.UTC(year, month - 1, day))), minute: hour * 60 + minute };
}

const isoWeekday = (utcDate: Date): number => ((utcDate.getUTCDay() + 6) % 7) + 1;

/** Paris time minus UTC at that instant, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(time: number): number {
  const wall = wallClock(time);
  return Date.UTC(wall.year, wall.month - 1, wall.day) + wall.minute * MINUTE - Math.floor(time / MINUTE) * MINUTE;
}

/**
 * The instants whose Paris wall clock reads that day and minute: one usually, two in the hour repeated
 * in October, none in the hour skipped in March (the clock change itself is a candidate then).
 */
function instantsAt(year: number, month: number, day: number, minute: number): number[] {
  const asIfUtc = Date.UTC(year, month - 1, day) + minute * MINUTE;
  const offsets = new Set([offsetAt(asIfUtc - DAY), offsetAt(asIfUtc + DAY)]);
  return [...offsets]
    .map((offset) => asIfUtc - offset)
    .filter((time) => {
      const wall = wallClock(time);
      return wall.year === year && wall.month === month && wall.day === day && wall.minute === minute;
    });
}

/** The instants in [from, to] where Paris changes its clocks (to the minute). */
function clockChanges(from: number, to: number): number[] {
  const changes: number[] = [];
  for (let start = Math.floor(from / MINUTE) * MINUTE; start < to; start += DAY) {
    let before = start;
    let after = start + DAY;
    if (offsetAt(before) === offsetAt(after)) continue;
    while (after - before > MINUTE) {
      const middle = before + Math.floor((after - before) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle) === offsetAt(before)) before = middle;
      else after = middle;
    }
    changes.push(after);
  }
  return changes;
}
