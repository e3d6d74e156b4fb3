// Deadlines in free French text. Expected windows are written by hand; unless a row says otherwise, today is
// Wednesday 25 November 2026.
import { BaseDateExtractor } from '@microsoft/recognizers-text-date-time';
import { DeadlineRecognizer, parisToday, type DeadlineMatch } from '../../services/understanding/deadline';
import { normalizeWithOffsets } from '../../services/understanding/normalize';

const TODAY = '2026-11-25';
const recognizer = new DeadlineRecognizer();
beforeAll(() => recognizer.warmUp());

const find = (text: string, today = TODAY): DeadlineMatch[] => recognizer.find(normalizeWithOffsets(text), today);

/** One deadline expected: the words as written and its window. */
function expectOne(text: string, said: string, start: string | null, end: string | null, today = TODAY): void {
  const found = find(text, today);
  expect(found.map(({ said, start, end }) => ({ said, start, end }))).toEqual([{ said, start, end }]);
  expect(text.slice(...found[0].span)).toBe(said);
}

type Row = [text: string, said: string, start: string, end: string];

describe('explicit day dates (read by recognizers-text)', () => {
  it.each<Row>([
    ['avant le 15 janvier', 'avant le 15 janvier', '2026-11-25', '2027-01-14'],
    ['au plus tard le 15 janvier', 'au plus tard le 15 janvier', '2026-11-25', '2027-01-15'],
    ['Session prévue le 12 mars 2027.', 'le 12 mars 2027', '2027-03-12', '2027-03-12'],
    ['il faut que ce soit fait pour le 3/02/2027', 'pour le 3/02/2027', '2026-11-25', '2027-02-03'],
    ['On peut commencer le lundi 7 décembre', 'le lundi 7 décembre', '2026-12-07', '2026-12-07'],
    ['date limite : 15.01.2027', '15.01.2027', '2027-01-15', '2027-01-15'],
    ["d'ici le 1er déc.", "d'ici le 1er déc", '2026-11-25', '2026-12-01'],
    ['le 25 novembre', 'le 25 novembre', '2026-11-25', '2026-11-25'],
    ['du 1er au 15 mars', 'du 1er au 15 mars', '2027-03-01', '2027-03-15'],
    ['entre le 5 et le 20 janvier', 'entre le 5 et le 20 janvier', '2027-01-05', '2027-01-20'],
    ['du 15 décembre au 15 janvier', 'du 15 décembre au 15 janvier', '2026-12-15', '2027-01-15'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('months, with début / mi / fin', () => {
  it.each<Row>([
    ["On doit former 4 caristes d'ici fin février", "d'ici fin février", '2026-11-25', '2027-02-28'],
    ["d'ici fin Février", "d'ici fin Février", '2026-11-25', '2027-02-28'],
    ['en mars', 'en mars', '2027-03-01', '2027-03-31'],
    ['courant avril', 'courant avril', '2027-04-01', '2027-04-30'],
    ['plutôt au mois de juin', 'au mois de juin', '2027-06-01', '2027-06-30'],
    ['début mars', 'début mars', '2027-03-01', '2027-03-10'],
    ['mi-mars', 'mi-mars', '2027-03-11', '2027-03-20'],
    ['On aimerait démarrer vers la mi-janvier', 'vers la mi-janvier', '2027-01-11', '2027-01-20'],
    ['fin mars', 'fin mars', '2027-03-21', '2027-03-31'],
    ['fin février 2028', 'fin février 2028', '2028-02-21', '2028-02-29'],
    ['fin février 2027', 'fin février 2027', '2027-02-21', '2027-02-28'],
    ['avant mars', 'avant mars', '2026-11-25', '2027-02-28'],
    ['avant mi-mars', 'avant mi-mars', '2026-11-25', '2027-03-10'],
    ["en mars de l'année prochaine", "en mars de l'année prochaine", '2027-03-01', '2027-03-31'],
    ['en novembre', 'en novembre', '2026-11-25', '2026-11-30'],
    ['fin novembre', 'fin novembre', '2026-11-25', '2026-11-30'],
    ['début novembre', 'début novembre', '2027-11-01', '2027-11-10'],
    ['en novembre prochain', 'en novembre prochain', '2027-11-01', '2027-11-30'],
    ['au plus tôt en mars', 'au plus tôt en mars', '2027-03-01', '2027-03-31'],
    ['pas avant avril', 'pas avant avril', '2027-04-01', '2027-04-30'],
    ['à partir de janvier', 'à partir de janvier', '2027-01-01', '2027-01-31'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('ranges and alternatives', () => {
  it.each<Row>([
    ['entre mars et juin', 'entre mars et juin', '2027-03-01', '2027-06-30'],
    ['de janvier à fin mars 2027', 'de janvier à fin mars 2027', '2027-01-01', '2027-03-31'],
    ['de novembre à février', 'de novembre à février', '2026-11-25', '2027-02-28'],
    ['idéalement en mars ou avril', 'en mars ou avril', '2027-03-01', '2027-04-30'],
    ["de mars jusqu'à juin", "de mars jusqu'à juin", '2027-03-01', '2027-06-30'],
    ['Formation en janvier/février pour 8 magasiniers', 'en janvier/février', '2027-01-01', '2027-02-28'],
    ['idéalement janvier-février', 'janvier-février', '2027-01-01', '2027-02-28'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('seasons and la rentrée', () => {
  it.each<Row>([
    ['au printemps', 'au printemps', '2027-03-20', '2027-06-20'],
    ['avant l’été', 'avant l’été', '2026-11-25', '2027-06-20'],
    ['en été', 'en été', '2027-06-21', '2027-09-22'],
    ['cet automne', 'cet automne', '2026-11-25', '2026-12-20'],
    ['cet hiver', 'cet hiver', '2026-12-21', '2027-03-19'],
    ["d'ici l'été 2027", "d'ici l'été 2027", '2026-11-25', '2027-09-22'],
    ['à la rentrée', 'à la rentrée', '2027-09-01', '2027-09-30'],
    ["Former 10 agents d'entretien, au plus tard pour l'été", "au plus tard pour l'été", '2026-11-25', '2027-09-22'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('holidays', () => {
  it.each<Row>([
    ['avant Noël', 'avant Noël', '2026-11-25', '2026-12-24'],
    ['pour Noël', 'pour Noël', '2026-11-25', '2026-12-25'],
    ["d'ici Pâques 2027", "d'ici Pâques 2027", '2026-11-25', '2027-03-28'],
    ['avant les fêtes', 'avant les fêtes', '2026-11-25', '2026-12-19'],
    ['à la Toussaint', 'à la Toussaint', '2027-11-01', '2027-11-01'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('quarters and semesters', () => {
  it.each<Row>([
    ['au premier trimestre 2027', 'au premier trimestre 2027', '2027-01-01', '2027-03-31'],
    ['T1 2027', 'T1 2027', '2027-01-01', '2027-03-31'],
    ['au 2e trimestre', 'au 2e trimestre', '2027-04-01', '2027-06-30'],
    ['au 4ème trimestre', 'au 4ème trimestre', '2026-11-25', '2026-12-31'],
    ['le semestre prochain', 'le semestre prochain', '2027-01-01', '2027-06-30'],
    ['au second semestre 2027', 'au second semestre 2027', '2027-07-01', '2027-12-31'],
    ["d'ici la fin du premier trimestre 2027", "d'ici la fin du premier trimestre 2027", '2026-11-25', '2027-03-31'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('years, months and weeks relative to today', () => {
  it.each<Row>([
    ["avant la fin de l'année", "avant la fin de l'année", '2026-11-25', '2026-12-31'],
    ['en fin d’année', 'en fin d’année', '2026-11-25', '2026-12-31'],
    ['l’année prochaine', 'l’année prochaine', '2027-01-01', '2027-12-31'],
    ['En 2027, 12 soudeurs', 'En 2027', '2027-01-01', '2027-12-31'],
    ['début 2027', 'début 2027', '2027-01-01', '2027-03-31'],
    ['mi-2027', 'mi-2027', '2027-05-01', '2027-07-31'],
    ['fin 2027', 'fin 2027', '2027-10-01', '2027-12-31'],
    ["d'ici 2027", "d'ici 2027", '2026-11-25', '2027-12-31'],
    ['avant 2028', 'avant 2028', '2026-11-25', '2027-12-31'],
    ['en 2025', 'en 2025', '2025-01-01', '2025-12-31'],
    ['le mois prochain', 'le mois prochain', '2026-12-01', '2026-12-31'],
    ['début du mois prochain', 'début du mois prochain', '2026-12-01', '2026-12-10'],
    ["d'ici la fin du mois", "d'ici la fin du mois", '2026-11-25', '2026-11-30'],
    ['la semaine prochaine', 'la semaine prochaine', '2026-11-30', '2026-12-06'],
    ['dès demain', 'dès demain', '2026-11-26', '2026-11-26'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('durations introduced as deadlines', () => {
  it.each<Row>([
    ['dans les 3 mois', 'dans les 3 mois', '2026-11-25', '2027-02-25'],
    ["d'ici 3 mois", "d'ici 3 mois", '2026-11-25', '2027-02-25'],
    ['dans les 3 prochains mois', 'dans les 3 prochains mois', '2026-11-25', '2027-02-25'],
    ['sous 6 semaines', 'sous 6 semaines', '2026-11-25', '2027-01-06'],
    ['en moins de deux mois', 'en moins de deux mois', '2026-11-25', '2027-01-25'],
    ['sous quinze jours', 'sous quinze jours', '2026-11-25', '2026-12-10'],
    ['sous 48 h', 'sous 48 h', '2026-11-25', '2026-11-27'],
    ["d'ici un an et demi", "d'ici un an et demi", '2026-11-25', '2028-05-25'],
    ['dans 3 mois', 'dans 3 mois', '2027-02-01', '2027-02-28'],
    ['dans 2 semaines', 'dans 2 semaines', '2026-12-07', '2026-12-13'],
    ['dans 10 jours', 'dans 10 jours', '2026-12-05', '2026-12-05'],
  ])('« %s » → «%s» %s … %s', (text, said, start, end) => expectOne(text, said, start, end));
});

describe('the next occurrence, from other todays', () => {
  it.each<[today: string, text: string, start: string, end: string]>([
    ['2027-04-10', 'en mars', '2028-03-01', '2028-03-31'],
    ['2027-04-10', 'en avril', '2027-04-10', '2027-04-30'],
    ['2027-04-10', 'au printemps', '2027-04-10', '2027-06-20'],
    ['2027-04-10', 'cet hiver', '2027-12-21', '2028-03-19'],
    ['2027-04-10', 'au premier trimestre', '2028-01-01', '2028-03-31'],
    ['2027-07-01', 'avant l’été', '2027-07-01', '2028-06-20'],
    ['2026-12-28', 'avant fin janvier', '2026-12-28', '2027-01-31'],
    ['2026-12-28', "d'ici la fin de l'année", '2026-12-28', '2026-12-31'],
    ['2026-12-28', 'la semaine prochaine', '2027-01-04', '2027-01-10'],
    ['2027-01-10', 'cet hiver', '2027-01-10', '2027-03-19'],
    ['2027-02-15', 'fin février', '2027-02-21', '2027-02-28'],
    ['2027-03-01', 'le 29 février', '2028-02-29', '2028-02-29'],
    ['2027-01-31', "d'ici 1 mois", '2027-01-31', '2027-02-28'],
  ])('on %s « %s » → %s … %s', (today, text, start, end) => {
    expect(find(text, today).map(({ start, end }) => ({ start, end }))).toEqual([{ start, end }]);
  });
});

describe('urgency without a date', () => {
  it.each([
    ['dès que possible', 'dès que possible'],
    ['au plus vite svp', 'au plus vite'],
    ['C’est urgent !', 'urgent'],
    ['ASAP', 'ASAP'],
    ['il faudrait les former rapidement', 'rapidement'],
    ['à former de toute urgence', 'de toute urgence'],
    ['le plus tôt possible', 'le plus tôt possible'],
    ['immédiatement', 'immédiatement'],
  ])('« %s » → «%s», urgent', (text, said) => {
    expect(find(text)).toEqual([{ said, span: [text.indexOf(said), text.indexOf(said) + said.length], start: null, end: null, urgent: true }]);
  });
});

describe('numbers and names that are not deadlines', () => {
  it.each([
    ['35 heures de formation'],
    ['une formation de 3 jours'],
    ['la formation se fait en 5 jours'],
    ['formation sur les 3 jours'],
    ['On a 4 caristes et 2 sessions'],
    ['le CACES 3 pour 12 personnes'],
    ['site de Lyon 69003'],
    ['une 1/2 journée de sensibilisation'],
    ['trois mois d’ancienneté'],
    ['chez Mars Wrigley, 3 opérateurs'],
    ['former nos vendeurs au Printemps Part-Dieu'],
    ['les vendeuses du Printemps'],
    ['ils ont été formés l’an dernier'],
    ['pour sept personnes'],
    ['avant 18h'],
    ['nous avons 2027 salariés'],
    ['le 31 novembre'],
    ['ce n’est pas urgent'],
    ['gestes et soins d’urgence, service des urgences'],
    ['après l’été'],
    ['un cadeau du Père Noël'],
  ])('« %s » → nothing', (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('several deadlines in one message', () => {
  it.each<[string, string[]]>([
    ['3 soudeurs avant mars et 2 comptables en juin', ['avant mars', 'en juin']],
    ['2 personnes en mars et en juin', ['en mars', 'en juin']],
    ['2 soudeurs en mars, 3 caristes en juin', ['en mars', 'en juin']],
    ['Urgent : avant le 15 janvier', ['Urgent', 'avant le 15 janvier']],
    ['dès que possible pour les caristes, et au printemps pour les soudeurs', ['dès que possible', 'au printemps']],
    [
      "Bonjour, PME de 45 salariés à Vénissieux (69200). On doit former 4 caristes au CACES R489 cat. 3 d'ici fin février, " +
        'et 2 soudeurs TIG pour le 15 mars 2027 au plus tard. Formation de 35 heures si possible. Merci !',
      ["d'ici fin février", 'pour le 15 mars 2027'],
    ],
  ])('« %s »', (text, saids) => {
    const found = find(text);
    expect(found.map((m) => m.said)).toEqual(saids);
    for (const m of found) expect(text.slice(...m.span)).toBe(m.said);
  });
});

describe('cost', () => {
  it('calls the recognizer only on pieces with a day date', () => {
    const extract = jest.spyOn(BaseDateExtractor.prototype, 'extract');
    find("On doit former 4 caristes d'ici fin février et 2 soudeurs au premier trimestre 2027, sous 3 mois si possible.");
    expect(extract).not.toHaveBeenCalled();
    find('4 caristes avant le 15 janvier et 2 soudeurs le 3/02/2027');
    expect(extract.mock.calls.map(([piece]) => piece)).toEqual(['15 janvier', '3/02/2027']);
    extract.mockRestore();
  });
});

describe("today's date in Paris", () => {
  it.each([
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2026-07-01T22:30:00Z', '2026-07-02'],
    ['2026-11-25T10:00:00Z', '2026-11-25'],
  ])('at %s UTC it is %s in Paris', (instant, day) => {
    expect(parisToday(new Date(instant))).toBe(day);
  });
});
