// Calendar days (deadlines, sessions) travel as YYYY-MM-DD and are stored as DATE columns, which
// JavaScript reads as midnight UTC: these are the only conversions between the two.

/** A real day written YYYY-MM-DD (not 2027-02-30). */
export const isCalendarDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export const dayToDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

export const dateToDay = (date: Date): string => date.toISOString().slice(0, 10);
