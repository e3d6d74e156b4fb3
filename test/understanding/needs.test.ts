// Whole messages from companies, as they might write them: which needs, and for each its occupation,
// headcount, deadline, place and modality. Today is Wednesday 25 November 2026 (Paris). Every expected
// value is written by hand; the recognizers of each kind have their own tables beside this file.
import { NeedsAnalyzer, type NeedDraft } from '../../services/understanding/needsAnalyzer';

const analyzer = NeedsAnalyzer.create(() => new Date('2026-11-25T10:00:00+01:00'));

/** What a need must hold; a field left out is not checked, null means "must be missing". */
interface Expected {
  rome?: string | null;
  domain?: string | null;
  said?: string;
  headcount?: number | null;
  approximate?: boolean;
  /** [start, end], or 'urgent', or null. */
  deadline?: [string, string] | 'urgent' | null;
  /** INSEE code, or `outside:<name>`, or null. */
  place?: string | null;
  modality?: NeedDraft['modality'] extends infer M ? (M extends { value: infer V } ? V | null : never) : never;
}

function check(text: string, expected: Expected[], companySize?: number) {
  const { needs, companySize: size } = analyzer.analyze(text);
  const summary = needs.map((n) => ({
    rome: n.occupation?.rome ?? null,
    domain: n.occupation?.domain ?? null,
    said: n.occupation?.said,
    headcount: n.headcount?.value ?? null,
    approximate: n.headcount?.approximate,
    deadline: !n.deadline ? null : n.deadline.urgent && !n.deadline.end ? 'urgent' : [n.deadline.start, n.deadline.end],
    place: !n.place ? null : n.place.inMetropole ? n.place.insee : `outside:${n.place.name}`,
    modality: n.modality?.value ?? null,
  }));
  expect(summary).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(summary[i]).toMatchObject(e));
  if (companySize !== undefined) expect(size).toBe(companySize);
}

const FEB_END: [string, string] = ['2026-11-25', '2027-02-28'];

describe('one need, everything in one sentence', () => {
  it.each<[string, Expected]>([
    ['On doit former 4 caristes au CACES R489 d’ici fin février sur notre site de Vénissieux', { rome: 'N1101', said: 'caristes, CACES R489', headcount: 4, deadline: FEB_END, place: '69259', modality: null }],
    ['Il nous faudrait une dizaine d’aides-soignantes formées en mars, à Villeurbanne', { rome: 'J1501', headcount: 10, approximate: true, deadline: ['2027-03-01', '2027-03-31'], place: '69266' }],
    ['Besoin urgent : 6 préparateurs de commandes à Corbas, dès que possible', { rome: 'N1103', headcount: 6, deadline: 'urgent', place: '69273' }],
    ['Formation HACCP pour une quinzaine de cuisiniers de nos restaurants de Lyon 2e, au premier trimestre 2027', { rome: 'G1602', headcount: 15, approximate: true, deadline: ['2027-01-01', '2027-03-31'], place: '69382' }],
    ['Nous voulons former 12 vendeuses en prêt-à-porter avant la fin de l’année, en distanciel', { rome: 'D1214', headcount: 12, deadline: ['2026-11-25', '2026-12-31'], place: null, modality: 'distance' }],
    ['Il faudrait former environ 20 agents de sécurité d’ici le 15 janvier sur Lyon 3ème', { rome: 'K2503', headcount: 20, approximate: true, deadline: ['2026-11-25', '2027-01-15'], place: '69383' }],
    ['Pour notre EHPAD d’Écully : 8 auxiliaires de vie, formation de 35 heures, en avril', { rome: 'K1302', headcount: 8, deadline: ['2027-04-01', '2027-04-30'], place: '69081' }],
    ['Deux développeurs web à former à React, à distance, avant mars', { rome: 'M1805', headcount: 2, deadline: ['2026-11-25', '2027-02-28'], modality: 'distance' }],
    ['Notre agence de Grenoble a besoin de former 7 conducteurs de poids lourd au permis CE d’ici juin', { rome: 'N4101', headcount: 7, deadline: ['2026-11-25', '2027-06-30'], place: 'outside:Grenoble' }],
    ['Nous avons 2 secrétaires à former sur Excel dans les six mois à Pierre-Bénite', { rome: 'M1607', said: 'secrétaires, Excel', headcount: 2, deadline: ['2026-11-25', '2027-05-25'], place: '69149' }],
    ['En 2027 nous voulons former 10 infirmiers à Oullins', { rome: 'J1506', headcount: 10, deadline: ['2027-01-01', '2027-12-31'], place: '69149' }],
    ['4 boulangers à former à distance d’ici 2 mois, site de Caluire', { rome: 'D1102', headcount: 4, deadline: ['2026-11-25', '2027-01-25'], place: '69034', modality: 'distance' }],
    ['Nous aimerions qu’un de nos mécaniciens automobile suive une formation au 2e trimestre à Rillieux-la-Pape', { rome: 'I1604', headcount: 1, deadline: ['2027-04-01', '2027-06-30'], place: '69286' }],
    ['Former 3 coiffeuses à Tassin la Demi Lune avant le 1er avril', { rome: 'D1202', headcount: 3, deadline: ['2026-11-25', '2027-03-31'], place: '69244' }],
    ['Besoin de 2 à 4 aides à domicile formés en mixte à Meyzieu, courant mai', { rome: 'K1304', headcount: 4, approximate: true, deadline: ['2027-05-01', '2027-05-31'], place: '69282', modality: 'mixte' }],
    ['On doit former vingt-cinq caristes à Chassieu avant fin janvier', { rome: 'N1101', headcount: 25, deadline: ['2026-11-25', '2027-01-31'], place: '69271' }],
    ['Entre 8 et 10 agents de propreté à former à Lyon 69007 en début d’année prochaine', { rome: 'K2204', headcount: 10, approximate: true, deadline: ['2027-01-01', '2027-03-31'], place: '69387' }],
    ['Nous formons 6 opérateurs de production en alternance à Genas en septembre', { domain: 'H', headcount: 6, deadline: ['2027-09-01', '2027-09-30'], place: 'outside:Genas' }],
    ['On a 5 peintres en bâtiment à former à Villeurbanne, ça presse', { rome: 'F1606', headcount: 5, deadline: 'urgent', place: '69266' }],
    ['Notre crèche de Lyon 8e doit former 4 auxiliaires de puériculture à la rentrée', { rome: 'J1304', headcount: 4, deadline: ['2027-09-01', '2027-09-30'], place: '69388' }],
    ['Une formation CACES 3 pour 4 de nos caristes à Mions, dans les 6 semaines', { rome: 'N1101', headcount: 4, deadline: ['2026-11-25', '2027-01-06'], place: '69283' }],
    ['Besoin de former 10 employés polyvalents de restauration à l’hygiène alimentaire à Neuville-sur-Saône en janvier', { rome: 'G1603', headcount: 10, deadline: ['2027-01-01', '2027-01-31'], place: '69143' }],
    ['J’ai 2 bouchers à former avant Noël à Saint-Genis-Laval', { rome: 'D1101', headcount: 2, deadline: ['2026-11-25', '2026-12-24'], place: '69204' }],
    ['On cherche à former 3 jardiniers paysagistes à Charbonnières-les-Bains d’ici la fin de l’année', { rome: 'A1203', headcount: 3, deadline: ['2026-11-25', '2026-12-31'], place: '69044' }],
    ['12 hôtes de caisse à former sur notre magasin de Saint-Priest avant le 15/02/2027', { rome: 'D1505', headcount: 12, deadline: ['2026-11-25', '2027-02-14'], place: '69290' }],
    ['Notre usine de Villefranche-sur-Saône a besoin de 6 soudeurs TIG d’ici avril', { rome: 'H2913', headcount: 6, deadline: ['2026-11-25', '2027-04-30'], place: 'outside:Villefranche-sur-Saône' }],
    ['Formation à la langue des signes pour 3 agents d’accueil, Lyon 1er, en présentiel', { rome: 'M1601', headcount: 3, deadline: null, place: '69381', modality: 'presentiel' }],
    ['Une trentaine de serveurs et serveuses à former à Lyon 5e', { domain: 'G', said: 'serveurs et serveuses', headcount: 30, approximate: true, place: '69385' }],
  ])('« %s »', (text, expected) => check(text, [expected]));
});

describe('several needs in one message', () => {
  it.each<[string, Expected[]]>([
    ['Nous avons besoin de former 3 soudeurs et 2 comptables avant l’été à Bron', [
      { rome: 'H2913', headcount: 3, deadline: ['2026-11-25', '2027-06-20'], place: '69029' },
      { rome: 'M1203', headcount: 2, deadline: ['2026-11-25', '2027-06-20'], place: '69029' },
    ]],
    ['On recrute 3 maçons et 4 plombiers pour un chantier à Vaulx-en-Velin, formation en présentiel dès janvier', [
      { rome: 'F1703', headcount: 3, place: '69256', modality: 'presentiel' },
      { rome: 'F1603', headcount: 4, place: '69256', modality: 'presentiel' },
    ]],
    ['Deux comptables à Sainte-Foy-lès-Lyon et trois assistantes de direction à Bron, d’ici juin', [
      { rome: 'M1203', headcount: 2, place: '69202', deadline: ['2026-11-25', '2027-06-30'] },
      { rome: 'M1604', headcount: 3, place: '69029', deadline: ['2026-11-25', '2027-06-30'] },
    ]],
    ['Nous devons former 2 infirmières et 5 aides-soignants à Lyon 4e, au premier semestre', [
      { rome: 'J1506', headcount: 2, place: '69384', deadline: ['2027-01-01', '2027-06-30'] },
      { rome: 'J1501', headcount: 5, place: '69384', deadline: ['2027-01-01', '2027-06-30'] },
    ]],
    ['4 caristes avant mars à Corbas, et 2 soudeurs en juin à Givors', [
      { rome: 'N1101', headcount: 4, deadline: ['2026-11-25', '2027-02-28'], place: '69273' },
      { rome: 'H2913', headcount: 2, deadline: ['2027-06-01', '2027-06-30'], place: '69091' },
    ]],
    ['Dès que possible : 2 serveurs et 3 cuisiniers pour notre restaurant de Lyon 6e', [
      { domain: 'G', headcount: 2, deadline: 'urgent', place: '69386' },
      { rome: 'G1602', headcount: 3, deadline: 'urgent', place: '69386' },
    ]],
  ])('« %s »', (text, expected) => check(text, expected));
});

describe('needs with something still missing', () => {
  it.each<[string, Expected[]]>([
    ['il nous faut des soudeurs', [{ rome: 'H2913', headcount: null, deadline: null, place: null }]],
    ['formation SST pour 15 personnes à Décines-Charpieu au plus vite', [{ said: 'SST', headcount: 15, deadline: 'urgent', place: '69275' }]],
    ['Nous aurions besoin de former une dizaine de personnes à l’anglais professionnel à Écully en février', [{ said: 'anglais professionnel', headcount: 10, place: '69081' }]],
    ['Nous voulons en former 5 au management à Limonest, en visio, au printemps', [{ rome: null, domain: null, headcount: 5, place: '69116', modality: 'distance', deadline: ['2027-03-20', '2027-06-20'] }]],
    ['Il faut former 4 personnes d’ici mars à Bron', [{ rome: null, headcount: 4, deadline: ['2026-11-25', '2027-03-31'], place: '69029' }]],
    ['à Vénissieux, avant l’été', [{ rome: null, headcount: null, place: '69259', deadline: ['2026-11-25', '2027-06-20'] }]],
  ])('« %s »', (text, expected) => check(text, expected));
});

describe('the company’s own size is not a headcount', () => {
  it.each<[string, number, Expected[]]>([
    ['Bonjour, PME de 45 salariés à Saint-Priest, on cherche à former deux électriciens du bâtiment à l’habilitation électrique B1V dans les 3 mois', 45, [
      { rome: 'F1602', headcount: 2, place: '69290', deadline: ['2026-11-25', '2027-02-25'] },
    ]],
    ['Pour nos 250 salariés, on souhaite une formation Excel pour 30 comptables', 250, [{ rome: 'M1203', headcount: 30 }]],
    ['Nous sommes une entreprise de 120 salariés à Lyon', 120, [{ rome: null, headcount: null, place: '69123' }]],
  ])('« %s »', (text, size, expected) => check(text, expected, size));
});

describe('traps: nothing, or nothing wrong, is extracted', () => {
  it.each<[string, Expected[]]>([
    ['Bonjour, je souhaite des informations', []],
    ['La formation dure 3 jours et coûte 1500 euros', []],
    ['Je suis gérante d’un restaurant et je veux former mes salariés', []],
    ['Appelez-moi au 04 72 00 00 00, nous voulons former 2 comptables', [{ rome: 'M1203', headcount: 2, place: null, deadline: null }]],
    ['Chez Lyon Métal Services, 5 chaudronniers à former au printemps à Givors', [{ rome: 'H2902', headcount: 5, place: '69091' }]],
    ['Notre société Grand Lyon Habitat doit former 4 gardiens d’immeuble en mars', [{ rome: 'K2501', headcount: 4, place: null, deadline: ['2027-03-01', '2027-03-31'] }]],
    ['Pour 2027, 3 soudeurs à former à Bron', [{ rome: 'H2913', headcount: 3, deadline: ['2026-11-25', '2027-12-31'], place: '69029' }]],
    ['Nos 2 sites de Lyon 7e accueillent 1500 clients par jour ; il faut former 6 vendeurs', [{ headcount: 6, place: '69387' }]],
    ['Une formation de 35 heures pour des caristes', [{ rome: 'N1101', headcount: null }]],
    ['Le module 2 du CACES R489 pour nos caristes', [{ rome: 'N1101', headcount: null }]],
  ])('« %s »', (text, expected) => check(text, expected));
});
