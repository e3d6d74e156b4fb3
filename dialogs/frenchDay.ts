const DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar day as people read it: "2027-01-15" → "15 janvier 2027". */
export const frenchDay = (day: string): string => DATE.format(new Date(`${day}T00:00:00Z`));
