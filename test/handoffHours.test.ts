// The advisors' opening hours. Instants are written in UTC; the comment gives the Paris wall clock
// (CET = UTC+1 in winter, CEST = UTC+2 in summer; the clocks change on 29 March and 25 October 2026).
import { OpeningHours } from '../services/handoff/hours';

const WEEKDAYS = '1-5 09:00-18:00';
const CRIJ = '1-5 09:00-12:30; 1-5 13:30-18:00; 6 10:00-12:00';

const at = (iso: string) => new Date(iso);

describe('open or closed, in Paris time', () => {
  it.each<[spec: string, instant: string, open: boolean, paris: string]>([
    [CRIJ, '2026-01-05T07:59:00Z', false, 'lundi 5 janvier 8:59'],
    [CRIJ, '2026-01-05T08:00:00Z', true, 'lundi 9:00'],
    [CRIJ, '2026-01-05T11:29:59Z', true, 'lundi 12:29:59'],
    [CRIJ, '2026-01-05T11:30:00Z', false, 'lundi 12:30, pause de midi'],
    [CRIJ, '2026-01-05T12:30:00Z', true, 'lundi 13:30'],
    [CRIJ, '2026-01-05T16:59:00Z', true, 'lundi 17:59'],
    [CRIJ, '2026-01-05T17:00:00Z', false, 'lundi 18:00'],
    [CRIJ, '2026-01-10T09:30:00Z', true, 'samedi 10 janvier 10:30'],
    [CRIJ, '2026-01-10T11:00:00Z', false, 'samedi 12:00'],
    [CRIJ, '2026-01-11T10:00:00Z', false, 'dimanche 11:00'],
    [CRIJ, '2026-07-15T06:59:00Z', false, 'mercredi 15 juillet 8:59 (CEST)'],
    [CRIJ, '2026-07-15T07:00:00Z', true, 'mercredi 15 juillet 9:00 (CEST)'],
    [CRIJ, '2026-07-15T15:59:00Z', true, 'mercredi 17:59 (CEST)'],
    [CRIJ, '2026-07-15T16:00:00Z', false, 'mercredi 18:00 (CEST)'],
    [WEEKDAYS, '2026-03-27T08:00:00Z', true, 'vendredi 27 mars 9:00 (CET)'],
    [WEEKDAYS, '2026-03-30T06:30:00Z', false, 'lundi 30 mars 8:30 (CEST, the day after the change)'],
    [WEEKDAYS, '2026-03-30T07:00:00Z', true, 'lundi 30 mars 9:00 (CEST)'],
    [WEEKDAYS, '2026-10-26T07:30:00Z', false, 'lundi 26 octobre 8:30 (CET, the day after the change)'],
    [WEEKDAYS, '2026-10-26T08:00:00Z', true, 'lundi 26 octobre 9:00 (CET)'],
    ['1 00:00-01:00', '2026-01-04T23:30:00Z', true, 'lundi 5 janvier 0:30 (still Sunday in UTC)'],
    ['7 23:00-24:00', '2026-01-04T22:59:00Z', true, 'dimanche 4 janvier 23:59'],
    ['7 23:00-24:00', '2026-01-04T23:00:00Z', false, 'lundi 5 janvier 0:00'],
    ['24/7', '2026-01-11T03:00:00Z', true, 'dimanche 4:00'],
  ])('%s at %s → %s (%s)', (spec, instant, open) => {
    expect(OpeningHours.parse(spec).isOpen(at(instant))).toBe(open);
  });
});

describe('next opening', () => {
  it.each<[spec: string, from: string, next: string, paris: string]>([
    [WEEKDAYS, '2026-01-09T17:30:00Z', '2026-01-12T08:00:00Z', 'vendredi 9 janvier 18:30 → lundi 12 janvier 9:00'],
    [CRIJ, '2026-01-09T17:30:00Z', '2026-01-10T09:00:00Z', 'vendredi 18:30 → samedi 10:00'],
    [CRIJ, '2026-01-10T07:00:00Z', '2026-01-10T09:00:00Z', 'samedi 8:00 → samedi 10:00'],
    [CRIJ, '2026-01-10T11:00:00Z', '2026-01-12T08:00:00Z', 'samedi 12:00 → lundi 9:00'],
    [CRIJ, '2026-01-05T11:45:00Z', '2026-01-05T12:30:00Z', 'lundi 12:45 → lundi 13:30'],
    [CRIJ, '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z', 'lundi 11:00, open: now'],
    [WEEKDAYS, '2026-03-27T17:30:00Z', '2026-03-30T07:00:00Z', 'vendredi 27 mars 18:30 CET → lundi 30 mars 9:00 CEST'],
    [WEEKDAYS, '2026-03-29T10:00:00Z', '2026-03-30T07:00:00Z', 'dimanche 29 mars 12:00 CEST → lundi 9:00 CEST'],
    [WEEKDAYS, '2026-10-23T16:30:00Z', '2026-10-26T08:00:00Z', 'vendredi 23 octobre 18:30 CEST → lundi 26 octobre 9:00 CET'],
    [WEEKDAYS, '2026-10-25T01:30:00Z', '2026-10-26T08:00:00Z', 'dimanche 25 octobre 2:30 CET, the repeated hour → lundi 9:00 CET'],
    ['7 02:30-04:00', '2026-03-28T12:00:00Z', '2026-03-29T01:00:00Z', '2:30 does not exist on 29 March: it opens when the clocks jump to 3:00 CEST'],
    ['7 02:00-02:30', '2026-10-25T00:45:00Z', '2026-10-25T01:00:00Z', '2:45 CEST, closed → 2:00 CET, the same hour again'],
    [CRIJ, '2026-12-31T17:30:00Z', '2027-01-01T08:00:00Z', 'jeudi 31 décembre 18:30 → vendredi 1er janvier 9:00 (public holidays are not known)'],
    ['24/7', '2026-01-11T03:00:00Z', '2026-01-11T03:00:00Z', 'always open: now'],
  ])('%s from %s → %s (%s)', (spec, from, next) => {
    expect(OpeningHours.parse(spec).nextOpening(at(from)).toISOString()).toBe(at(next).toISOString());
  });

  // Against a minute-by-minute walk, every few hours across both clock changes.
  it.each([
    ['spring', '2026-03-26T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['autumn', '2026-10-22T00:00:00Z', '2026-10-28T00:00:00Z'],
  ])('matches a minute-by-minute walk around the %s change', (_season, from, to) => {
    const hours = OpeningHours.parse(CRIJ);
    for (let t = Date.parse(from); t < Date.parse(to); t += (5 * 60 + 13) * 60_000) {
      let walk = t;
      while (!hours.isOpen(new Date(walk))) walk += 60_000;
      expect(hours.nextOpening(new Date(t)).toISOString()).toBe(new Date(walk).toISOString());
    }
  });
});

describe('the hours in French', () => {
  it.each([
    [WEEKDAYS, 'du lundi au vendredi de 9 h à 18 h'],
    ['1,3,5 09:00-12:30; 1,3,5 13:30-18:00; 6 10:00-12:00', 'le lundi, le mercredi et le vendredi de 9 h à 12 h 30 et de 13 h 30 à 18 h, le samedi de 10 h à 12 h'],
    [CRIJ, 'du lundi au vendredi de 9 h à 12 h 30 et de 13 h 30 à 18 h, le samedi de 10 h à 12 h'],
    ['6,7 10:00-16:00', 'le samedi et le dimanche de 10 h à 16 h'],
    ['1-7 08:00-20:00', 'tous les jours de 8 h à 20 h'],
    ['1-3,5 09:15-17:45', 'du lundi au mercredi et le vendredi de 9 h 15 à 17 h 45'],
    ['1-4 09:00-18:00; 5 09:00-17:00', 'du lundi au jeudi de 9 h à 18 h, le vendredi de 9 h à 17 h'],
    ['1-5 09:00-12:00; 1-5 11:00-14:00', 'du lundi au vendredi de 9 h à 14 h'],
    ['1-5 09:00-12:00 14:00-17:00', 'du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h'],
    ['1 - 5   9h - 18h', 'du lundi au vendredi de 9 h à 18 h'],
    ['3 9h30-12h', 'le mercredi de 9 h 30 à 12 h'],
    ['1-5 00:00-24:00', 'du lundi au vendredi 24 h/24'],
    ['24/7', 'tous les jours 24 h/24'],
    ['always', 'tous les jours 24 h/24'],
  ])('« %s » → « %s »', (spec, text) => {
    expect(OpeningHours.parse(spec).describe()).toBe(text);
  });
});

describe('when someone will answer', () => {
  it.each<[spec: string, now: string, when: string, paris: string]>([
    [CRIJ, '2026-01-05T11:45:00Z', 'aujourd’hui à 13 h 30', 'lundi 12:45'],
    [CRIJ, '2026-01-05T18:00:00Z', 'demain à 9 h', 'lundi 19:00'],
    [WEEKDAYS, '2026-01-09T17:30:00Z', 'lundi à 9 h', 'vendredi 18:30'],
    [CRIJ, '2026-01-09T17:30:00Z', 'demain à 10 h', 'vendredi 18:30, open on Saturday'],
    [CRIJ, '2026-01-10T11:00:00Z', 'lundi à 9 h', 'samedi 12:00'],
    [WEEKDAYS, '2026-03-27T17:30:00Z', 'lundi à 9 h', 'vendredi 27 mars 18:30, DST weekend'],
    [WEEKDAYS, '2026-01-11T22:30:00Z', 'demain à 9 h', 'dimanche 23:30'],
    [WEEKDAYS, '2026-01-11T23:30:00Z', 'aujourd’hui à 9 h', 'lundi 0:30 Paris, still Sunday in UTC'],
    ['1-5 09:05-18:00', '2026-01-05T07:00:00Z', 'aujourd’hui à 9 h 05', 'lundi 8:00'],
    ['1 09:00-12:00', '2026-12-28T11:30:00Z', 'le lundi 4 janvier à 9 h', 'lundi 28 décembre 12:30: a week away'],
    ['5 14:00-16:00', '2026-04-24T14:30:00Z', 'le vendredi 1er mai à 14 h', 'vendredi 24 avril 16:30 CEST'],
    ['7 02:30-04:00', '2026-03-28T12:00:00Z', 'demain à 3 h', 'samedi 28 mars 13:00; 2:30 is skipped on Sunday'],
    [CRIJ, '2026-01-05T10:00:00Z', 'dès maintenant', 'lundi 11:00, open'],
  ])('%s at %s → « %s » (%s)', (spec, now, when) => {
    expect(OpeningHours.parse(spec).whenOpens(at(now))).toBe(when);
  });
});

describe('a faulty setting is refused with the problem named', () => {
  it.each([
    ['1-8 09:00-18:00', 'ADVISOR_HOURS : « 1-8 09:00-18:00 » : jour 8 inconnu (1 = lundi … 7 = dimanche)'],
    ['0 09:00-10:00', 'jour 0 inconnu'],
    ['', 'ADVISOR_HOURS est vide'],
    [' ; ', 'ADVISOR_HOURS est vide'],
    ['1-5 18:00-09:00', 'la fin (09:00) doit venir après le début (18:00)'],
    ['1-5 09:00-09:00', 'la fin (09:00) doit venir après le début (09:00)'],
    ['1-5 25:00-26:00', 'heure « 25:00 » impossible'],
    ['1-5 09:60-18:00', 'heure « 09:60 » impossible'],
    ['1-5 09:00-24:30', 'heure « 24:30 » impossible'],
    ['lundi 09:00-18:00', 'jours « lundi » illisibles'],
    ['tous les jours', 'jours « tous » illisibles'],
    ['1-5', 'attendu « jours HH:MM-HH:MM »'],
    ['5-1 09:00-18:00', 'jours « 5-1 » à l’envers'],
    ['1-5 9-18', 'horaire « 9-18 » illisible'],
    ['1-5 09:00-12:00; 6 10:00', 'ADVISOR_HOURS : « 6 10:00 » : horaire « 10:00 » illisible'],
  ])('« %s » → %s', (spec, message) => {
    expect(() => OpeningHours.parse(spec)).toThrow(message);
  });

  it('names the setting it was given', () => {
    expect(() => OpeningHours.parse('9 09:00-10:00', 'HORAIRES_CRIJ')).toThrow('HORAIRES_CRIJ : « 9 09:00-10:00 » : jour 9 inconnu');
  });
});
