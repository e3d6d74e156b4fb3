// Where the training need is, from free French text. Expected codes were read by hand in
// @etalab/decoupage-administratif (communes.json), never computed by the code under test.
import { PlaceIndex, type PlaceMatch } from '../../services/understanding/places';
import { normalizeWithOffsets } from '../../services/understanding/normalize';

let places: PlaceIndex;
beforeAll(() => {
  places = PlaceIndex.load();
});

const find = (text: string) => places.find(normalizeWithOffsets(text));
const answer = (text: string) => places.answer(normalizeWithOffsets(text));
/** [said, insee] of each place found, in text order. */
const found = (text: string) => find(text).map((m) => [m.said, m.insee]);

describe('the Métropole', () => {
  it('has 58 communes, Lyon among them, and Lyon’s 9 arrondissements', () => {
    const codes = places.metropole().map((p) => p.insee);
    expect(codes).toHaveLength(67);
    expect(new Set(codes).size).toBe(67);
    const arrondissements = ['69381', '69382', '69383', '69384', '69385', '69386', '69387', '69388', '69389'];
    expect(codes.filter((c) => arrondissements.includes(c))).toHaveLength(9);
    expect(codes.filter((c) => !arrondissements.includes(c))).toHaveLength(58);
  });

  it.each([
    ['69123', 'Lyon'],
    ['69259', 'Vénissieux'],
    ['69266', 'Villeurbanne'],
    ['69290', 'Saint-Priest'],
    ['69149', 'Oullins-Pierre-Bénite'],
    ['69383', 'Lyon 3e Arrondissement'],
    ['69202', 'Sainte-Foy-lès-Lyon'],
    ['69091', 'Givors'],
  ])('lists %s %s', (insee, name) => {
    expect(places.metropole()).toContainEqual({ insee, name });
  });

  it.each([['69264'], ['38185'], ['69043'], ['69152']])('does not list %s', (insee) => {
    expect(places.metropole().map((p) => p.insee)).not.toContain(insee);
  });
});

describe('Métropole communes inside a sentence', () => {
  it.each([
    ["On doit former 4 caristes d'ici fin février sur notre site de Vénissieux", 'Vénissieux', '69259', 'Vénissieux'],
    ['nous sommes basés à Villeurbanne depuis 2010', 'Villeurbanne', '69266', 'Villeurbanne'],
    ['entrepôt St-Priest, 3 préparateurs de commandes', 'St-Priest', '69290', 'Saint-Priest'],
    ['une agence à st priest', 'st priest', '69290', 'Saint-Priest'],
    ['Notre clinique de Ste-Foy-lès-Lyon cherche 2 aides-soignantes', 'Ste-Foy-lès-Lyon', '69202', 'Sainte-Foy-lès-Lyon'],
    ['le magasin est à Sainte Foy les Lyon', 'Sainte Foy les Lyon', '69202', 'Sainte-Foy-lès-Lyon'],
    ['la boulangerie est a VENISSIEUX', 'VENISSIEUX', '69259', 'Vénissieux'],
    ['former des soudeurs a venissieux', 'venissieux', '69259', 'Vénissieux'],
    ["Site d'Ecully, 6 techniciens", 'Ecully', '69081', 'Écully'],
    ["un labo à Marcy l'Etoile", "Marcy l'Etoile", '69127', "Marcy-l'Étoile"],
    ['usine de Neuville s/ Saône', 'Neuville s/ Saône', '69143', 'Neuville-sur-Saône'],
    ['à la Mulatière', 'la Mulatière', '69142', 'La Mulatière'],
    ['Charly', 'Charly', '69046', 'Charly'],
    ['Des besoins en logistique à Meyzieu pour le printemps', 'Meyzieu', '69282', 'Meyzieu'],
    ['Nos équipes de la Métropole de Lyon', 'Métropole de Lyon', null, 'Métropole de Lyon'],
    ['partout dans le Grand Lyon', 'Grand Lyon', null, 'Métropole de Lyon'],
  ])('« %s » → %s (%s %s)', (text, said, insee, name) => {
    expect(find(text)).toEqual([expect.objectContaining({ said, insee, name, inMetropole: true })]);
  });
});

describe('short and former names', () => {
  it.each([
    ['un chantier à Caluire', 'Caluire', '69034'],
    ['la cuisine centrale de Vaulx', 'Vaulx', '69256'],
    ['on est sur vaulx', 'vaulx', '69256'],
    ['à Sainte-Foy', 'Sainte-Foy', '69202'],
    ['Notre EHPAD de Tassin', 'Tassin', '69244'],
    ['Décines, pour 3 agents', 'Décines', '69275'],
    ['une crèche à Rillieux', 'Rillieux', '69286'],
    ['au dépôt de Grigny', 'Grigny', '69096'],
    ['ancien site de Pierre-Bénite', 'Pierre-Bénite', '69149'],
    ['le garage est à Oullins', 'Oullins', '69149'],
    ['Pierre Benite', 'Pierre Benite', '69149'],
  ])('« %s » → %s = %s', (text, said, insee) => {
    expect(found(text)).toEqual([[said, insee]]);
  });

  it.each([
    ['St Genis', 'two communes start so'],
    ['à Sathonay', 'Sathonay-Camp and Sathonay-Village'],
    ['Marcy', 'also a commune of the Rhône outside the Métropole'],
    ['Fontaines', 'Fontaines-sur-Saône and Fontaines-Saint-Martin'],
  ])('« %s » is not a commune (%s)', (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('Lyon’s arrondissements', () => {
  it.each([
    ['Lyon 3e', 'Lyon 3e'],
    ['à Lyon 3ème', 'Lyon 3ème'],
    ['on est à Lyon 3 pour 2 sessions', 'Lyon 3'],
    ['Lyon 03', 'Lyon 03'],
    ['Lyon IIIe, quartier Part-Dieu', 'Lyon IIIe'],
    ['lyon3', 'lyon3'],
    ['le 3e arrondissement', '3e arrondissement'],
    ['dans le 3ème arrondissement de Lyon', '3ème arrondissement de Lyon'],
    ['Lyon 3ème arr. et nulle part ailleurs', 'Lyon 3ème arr'],
    ['troisième arrondissement', 'troisième arrondissement'],
    ['au 69003', '69003'],
    ['Société X, 69003 Lyon', '69003 Lyon'],
    ['Lyon 3e (69003)', 'Lyon 3e (69003)'],
  ])('« %s » → 69383 (said « %s »)', (text, said) => {
    expect(find(text)).toEqual([{ said, span: expect.any(Array), insee: '69383', name: 'Lyon 3e Arrondissement', inMetropole: true }]);
  });

  it.each([
    ['Lyon 1er', '69381'],
    ['Lyon 7e', '69387'],
    ['LYON 9', '69389'],
    ['à Lyon 8ème', '69388'],
    ['Lyon 10', '69123'],
    ['Lyon', '69123'],
    ['à Lyon 2 sessions de 3 jours', '69123'],
    ['à Lyon, 3 sessions', '69123'],
  ])('« %s » → %s', (text, insee) => {
    expect(find(text).map((m) => m.insee)).toEqual([insee]);
  });

  it('reads a list of arrondissements', () => {
    expect(found('nos boutiques de Lyon 2e, 6e et 7e')).toEqual([
      ['Lyon 2e', '69382'],
      ['6e', '69386'],
      ['7e', '69387'],
    ]);
  });
});

describe('postcodes', () => {
  it.each([
    ['69100 Villeurbanne', '69100 Villeurbanne', '69266', true],
    ['code postal 69200', '69200', '69259', true],
    ['Bourgoin-Jallieu (38300)', 'Bourgoin-Jallieu (38300)', '38053', false],
  ])('« %s » → %s', (text, said, insee, inMetropole) => {
    expect(find(text)).toEqual([expect.objectContaining({ said, insee, inMetropole })]);
  });

  it('a postcode shared by several member communes leaves the commune open', () => {
    expect(find('notre siège, 69250')).toEqual([expect.objectContaining({ said: '69250', insee: null, name: '69250', inMetropole: true })]);
  });

  it('a postcode outside the Métropole is kept as said', () => {
    expect(find('une agence à 38300')).toEqual([expect.objectContaining({ said: '38300', insee: null, name: '38300', inMetropole: false })]);
  });
});

describe('places outside the Métropole', () => {
  it.each([
    ['On a aussi 2 postes à Grenoble', 'Grenoble', '38185', 'Grenoble'],
    ['formation à Bourgoin-Jallieu', 'Bourgoin-Jallieu', '38053', 'Bourgoin-Jallieu'],
    ['le site de Villefranche-sur-Saône', 'Villefranche-sur-Saône', '69264', 'Villefranche-sur-Saône'],
    ['on est a grenoble', 'grenoble', '38185', 'Grenoble'],
    ['une usine près de St Etienne', 'St Etienne', '42218', 'Saint-Étienne'],
    ['notre dépôt de Saint-Priest-en-Jarez', 'Saint-Priest-en-Jarez', '42275', 'Saint-Priest-en-Jarez'],
    ['un magasin à Chaponost', 'Chaponost', '69043', 'Chaponost'],
    ['à Vienne', 'Vienne', '38544', 'Vienne'],
    ['le bureau de Paris', 'Paris', '75056', 'Paris'],
    ['une équipe dans la région de Mâcon', 'Mâcon', '71270', 'Mâcon'],
  ])('« %s » → %s (%s %s)', (text, said, insee, name) => {
    expect(find(text)).toEqual([expect.objectContaining({ said, insee, name, inMetropole: false })]);
  });

  it.each([
    ['nous avons un site en Isère', 'Isère'],
    ["une agence dans l'Ain", 'Ain'],
    ['recrutement en Bretagne', 'Bretagne'],
  ])('a département or region: « %s » → %s, no code', (text, name) => {
    expect(find(text)).toEqual([expect.objectContaining({ said: name, insee: null, name, inMetropole: false })]);
  });

  it.each([['dans le Rhône'], ['en Auvergne-Rhône-Alpes']])('« %s » contains the Métropole: not flagged', (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('several places, in text order', () => {
  it.each([
    ['Vénissieux, Saint-Fons et Feyzin', [['Vénissieux', '69259'], ['Saint-Fons', '69199'], ['Feyzin', '69276']]],
    ['entre Lyon et Saint-Étienne', [['Lyon', '69123'], ['Saint-Étienne', '42218']]],
    ['sites à Lyon, Grenoble et Annecy', [['Lyon', '69123'], ['Grenoble', '38185'], ['Annecy', '74010']]],
    ['Lyon/Villeurbanne', [['Lyon', '69123'], ['Villeurbanne', '69266']]],
    ['Je travaille chez Lyon Métal Services, à Bron, et on ouvre à Genas', [['Bron', '69029'], ['Genas', '69277']]],
    ['2 caristes à Corbas, 1 à Mions, le reste à Chassieu', [['Corbas', '69273'], ['Mions', '69283'], ['Chassieu', '69271']]],
  ])('« %s »', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('not places', () => {
  it.each([
    ['chez Lyon Métal Services', 'a company named after Lyon'],
    ['la société Grand Lyon Habitat recrute', 'a company named after the Métropole'],
    ['Lyon Métropole Habitat', 'a company named after the Métropole'],
    ["fan de l'Olympique Lyonnais", 'lyonnais is not a place'],
    ['la cuisine lyonnaise', 'lyonnaise is not a place'],
    ['Charly Martin, notre chef d’équipe', 'a person'],
    ['M. Bron', 'a person'],
    ['je travaille pour l’entreprise Bron et fils', 'a company after a company word'],
    ['RH chez Keolis Lyon, réseau de bus', 'the end of a company name'],
    ['une boutique à la Croix-Rousse', 'Croix is a town, Croix-Rousse a district'],
    ['voir www.lyon.fr', 'a web address'],
    ['écrire à rh@venissieux.fr', 'an e-mail address'],
    ['Formation en mars, à distance', 'month and "à distance"'],
    ['12 salariés à former à temps plein', 'a headcount, "à former", "à temps plein"'],
    ['sur site à partir de mars ou avril', 'Mars and Avril are communes too'],
    ['formation sur place, à plein temps', '"sur place"'],
    ['4 caristes', 'a headcount'],
    ['42', 'a bare number'],
    ['un budget de 69100 €', 'an amount'],
    ['10000 euros', 'an amount that is also a postcode'],
    ['on a besoin de 38300 heures', 'a quantity'],
    ['je l’ai dit à Marie', 'a first name that is a small commune'],
    ['une coupe de champagne', 'a common word that starts a member name'],
    ['on trie des cailloux', 'idem (Cailloux-sur-Fontaines)'],
    ['un maçon à tours de bras', 'common words that are town names'],
    ['dans le 7ème', 'no commune'],
  ])('« %s » (%s)', (text) => {
    expect(find(text)).toEqual([]);
  });

  it('keeps the commune of an institution named after it', () => {
    expect(found('je suis RH aux Hospices Civils de Lyon')).toEqual([['Lyon', '69123']]);
  });
});

describe('answering « Dans quelle commune ? »', () => {
  it.each([
    ['Vénissieux', '69259', true],
    ['à Lyon 3', '69383', true],
    ['69003', '69383', true],
    ["c'est à Bron", '69029', true],
    ['plutôt Villeurbanne', '69266', true],
    ['Grenoble', '38185', false],
    ['chaponost', '69043', false],
    ['ville de Genas', '69277', false],
    ['38300', null, false],
    ['Isère', null, false],
  ])('« %s » → %s', (text, insee, inMetropole) => {
    expect(answer(text)).toEqual(expect.objectContaining({ insee, inMetropole }));
  });

  it.each([['je ne sais pas'], ['oui'], ['42'], ['sur place'], ['Marie'], ['Villefranche'], ['']])('« %s » is no commune', (text) => {
    expect(answer(text)).toBeUndefined();
  });
});

describe('mentions', () => {
  it('report the words and span as written', () => {
    const text = 'Besoin urgent : 3 électriciens à Saint-Genis-Laval.';
    const [match] = find(text) as [PlaceMatch];
    expect(match).toEqual({ said: 'Saint-Genis-Laval', span: [33, 50], insee: '69204', name: 'Saint-Genis-Laval', inMetropole: true });
    expect(text.slice(...match.span)).toBe(match.said);
  });

  it('are found quickly', () => {
    const text = normalizeWithOffsets(
      "Bonjour, nous sommes une PME de logistique basée à Vénissieux et nous devons former 4 caristes d'ici fin février, peut-être aussi sur notre site de Saint-Priest. Merci !",
    );
    const start = performance.now();
    for (let i = 0; i < 1000; i++) places.find(text);
    expect((performance.now() - start) / 1000).toBeLessThan(1); // ms per message, with a wide margin for a shared machine
  });
});
