// Occupations and skills in free French text, placed in the ROME. None of these sentences is in the
// code; each expected fiche was looked up in services/understanding/data/rome.csv by hand.
import { OccupationIndex, expandTitle, type OccupationMatch } from '../../services/understanding/occupations';
import { normalizeWithOffsets } from '../../services/understanding/normalize';

const index = OccupationIndex.load();
const find = (text: string) => index.find(normalizeWithOffsets(text));
const summary = (m: OccupationMatch) => ({ said: m.said, kind: m.kind, rome: m.rome, domain: m.domain });

describe('an occupation named in a sentence is placed on its ROME fiche', () => {
  // [sentence, words as written, fiche]
  it.each([
    ['On doit former 3 soudeurs cette année', 'soudeurs', 'H2913'], // no title is exactly "Soudeur": most "Soudeur …" titles are H2913
    ['nous avons deux soudeuses', 'soudeuses', 'H2913'],
    ['des aides-soignantes', 'aides-soignantes', 'J1501'],
    ['Aides soignants de nuit', 'Aides soignants', 'J1501'],
    ['FORMATION POUR 6 AIDES-SOIGNANTS', 'AIDES-SOIGNANTS', 'J1501'],
    ['former les aide soignante', 'aide soignante', 'J1501'],
    ['nos cuisiniers', 'cuisiniers', 'G1602'],
    ['une Cuisinière', 'Cuisinière', 'G1602'],
    ['3 comptables', 'comptables', 'M1203'],
    ['4 caristes', 'caristes', 'N1101'],
    ['des infirmières', 'infirmières', 'J1506'],
    ['des infirmieres sans accent', 'infirmieres', 'J1506'],
    ['Des maçons expérimentés', 'maçons', 'F1703'],
    ['des macons', 'macons', 'F1703'],
    ['nos développeurs web', 'développeurs web', 'M1805'],
    ['les auxiliaires de vie', 'auxiliaires de vie', 'K1302'],
    ['chauffeurs poids lourd', 'chauffeurs poids lourd', 'N4101'],
    ['CHAUFFEURS POIDS LOURDS', 'CHAUFFEURS POIDS LOURDS', 'N4101'],
    ['nos préparateurs de commandes', 'préparateurs de commandes', 'N1103'],
    ['2 boulangers', 'boulangers', 'D1102'],
    ['agents de sécurité', 'agents de sécurité', 'K2503'],
    ['des conducteurs de bus', 'conducteurs de bus', 'N4103'],
    ['nos coiffeuses', 'coiffeuses', 'D1202'],
    ['assistantes maternelles', 'assistantes maternelles', 'K1303'],
    ['Hôtesses de caisse', 'Hôtesses de caisse', 'D1505'],
    ['hotesses de caisse', 'hotesses de caisse', 'D1505'],
    ['secrétaires médicales', 'secrétaires médicales', 'M1609'],
    ['chefs de rang', 'chefs de rang', 'G1803'],
    ['manutentionnaires', 'manutentionnaires', 'N1105'],
    ['magasiniers', 'magasiniers', 'N1103'],
    ['jardiniers', 'jardiniers', 'A1203'],
    ['charpentiers', 'charpentiers', 'F1503'],
    ['carreleurs', 'carreleurs', 'F1608'],
    ['livreurs', 'livreurs', 'N4105'],
    ['barmen', 'barmen', 'G1801'],
    ['vendeurs d’animaux', 'vendeurs d’animaux', 'D1210'],
    ['employés de libre-service', 'employés de libre-service', 'D1507'],
    ['peintres en bâtiment', 'peintres en bâtiment', 'F1606'],
    ['plaquistes', 'plaquistes', 'F1604'],
    ['conducteurs de travaux', 'conducteurs de travaux', 'F1201'],
    ['plongeurs en restauration', 'plongeurs en restauration', 'G1605'],
    ['infirmiers de bloc opératoire', 'infirmiers de bloc opératoire', 'J1504'],
    ['Nous devons former nos formateurs à la pédagogie', 'formateurs', 'K2111'],
  ])('« %s » → %s (%s)', (text, said, rome) => {
    const found = find(text).filter((m) => m.kind === 'occupation');
    expect(found.map(summary)).toEqual([{ said, kind: 'occupation', rome, domain: rome[0] }]);
  });
});

describe('the longest title wins over a shorter one inside it', () => {
  it.each([
    ['technicien de maintenance industrielle', 'technicien de maintenance industrielle', 'I1304'],
    ['agent de sécurité incendie', 'agent de sécurité incendie', 'K2503'],
    ['2 commis de cuisine', 'commis de cuisine', 'G1602'],
    ['un chef de chantier', 'chef de chantier', 'F1202'],
    ["conducteur d'engins de chantier", "conducteur d'engins de chantier", 'F1302'],
    ['électriciens de maintenance', 'électriciens de maintenance', 'I1309'],
  ])('« %s » → %s (%s)', (text, said, rome) => {
    expect(find(text).map(summary)).toEqual([{ said, kind: 'occupation', rome, domain: rome[0] }]);
  });
});

describe('a head noun that several fiches share gives the domain only', () => {
  // vendeur: D1212, D1211, D1214, D1106… ; serveur: G1803, G1801 ; ouvrier agricole: A1414, A1407…
  it.each([
    ['nos vendeuses', 'vendeuses', 'D'],
    ['des serveurs', 'serveurs', 'G'],
    ['ouvriers agricoles', 'ouvriers agricoles', 'A'],
    ['chauffeurs', 'chauffeurs', 'N'],
  ])('« %s » → %s, domain %s', (text, said, domain) => {
    const [match, ...others] = find(text);
    expect(others).toEqual([]);
    expect(summary(match)).toEqual({ said, kind: 'occupation', rome: null, domain });
    expect(match.confidence).toBeLessThan(0.7);
    expect(match.domainLabel).toBeTruthy();
  });

  it('an occupation spread over several domains is found but not placed', () => {
    // Électricien: F1602 (building), I1309 (maintenance), F1605, L1504, I1604…
    const [match] = find('ÉLECTRICIENS');
    expect(summary(match)).toEqual({ said: 'ÉLECTRICIENS', kind: 'occupation', rome: null, domain: null });
    expect(match.confidence).toBeLessThan(0.3);
  });
});

describe('skills map through the keyword table', () => {
  // [text, words as written, fiche or null, domain or null]
  it.each([
    ['CACES R489', 'CACES R489', 'N1101', 'N'],
    ['le CACES R489 cat 3 et 5', 'CACES R489 cat 3 et 5', 'N1101', 'N'],
    ['passer le caces 3', 'caces 3', 'N1101', 'N'],
    ['CACES R482 catégorie A', 'CACES R482 catégorie A', 'F1302', 'F'],
    ['un CACES nacelle', 'CACES nacelle', null, null],
    ['CACES', 'CACES', null, null],
    ['formation HACCP', 'HACCP', null, 'G'],
    ['hygiène alimentaire', 'hygiène alimentaire', null, 'G'],
    ['habilitation électrique B1V', 'habilitation électrique B1V', null, null],
    ['habilitation électrique BR et B2V', 'habilitation électrique BR et B2V', null, null],
    ['progresser sur Excel', 'Excel', null, null],
    ['la bureautique', 'bureautique', null, null],
    ['recyclage SST', 'SST', null, null],
    ['sauveteurs secouristes du travail', 'sauveteurs secouristes du travail', null, null],
    ['travail en hauteur', 'travail en hauteur', null, 'F'],
    ['soudure TIG', 'soudure TIG', 'H2913', 'H'],
    ['permis CE', 'permis CE', 'N4101', 'N'],
    ['la FIMO', 'FIMO', null, 'N'],
    ['anglais professionnel', 'anglais professionnel', null, null],
    ['PAO', 'PAO', null, 'E'],
    ['langue des signes', 'langue des signes', null, null],
    ['SSIAP 1', 'SSIAP 1', 'K2503', 'K'],
    ['une formation en comptabilité', 'comptabilité', 'M1203', 'M'], // a fiche label
  ])('« %s » → %s', (text, said, rome, domain) => {
    const [match, ...others] = find(text);
    expect(others).toEqual([]);
    expect(summary(match)).toEqual({ said, kind: 'skill', rome, domain });
  });

  it('a skill used everywhere is given a low confidence', () => {
    for (const text of ['Excel', 'SST', 'anglais', 'habilitation électrique B0']) expect(find(text)[0].confidence).toBeLessThanOrEqual(0.2);
  });
});

describe('several mentions come in text order', () => {
  it.each<[string, [string, string | null][]]>([
    ["On doit former 4 caristes au CACES R489 d'ici fin février", [['caristes', 'N1101'], ['CACES R489', 'N1101']]],
    ['3 soudeurs et 2 comptables', [['soudeurs', 'H2913'], ['comptables', 'M1203']]],
    ['Formation HACCP pour 6 cuisiniers et 2 commis de cuisine', [['HACCP', null], ['cuisiniers', 'G1602'], ['commis de cuisine', 'G1602']]],
    ['habilitation électrique B1V pour nos électriciens de maintenance', [['habilitation électrique B1V', null], ['électriciens de maintenance', 'I1309']]],
    ['CHAUFFEURS POIDS LOURDS ET CARISTES', [['CHAUFFEURS POIDS LOURDS', 'N4101'], ['CARISTES', 'N1101']]],
    ['Nous recrutons 2 comptables, 1 assistante de direction et 3 maçons', [['comptables', 'M1203'], ['assistante de direction', 'M1604'], ['maçons', 'F1703']]],
    ['4 peintres en bâtiment et 2 plaquistes', [['peintres en bâtiment', 'F1606'], ['plaquistes', 'F1604']]],
    ['un cuisinier et 3 plongeurs en restauration', [['cuisinier', 'G1602'], ['plongeurs en restauration', 'G1605']]],
  ])('« %s »', (text, expected) => {
    expect(find(text).map((m) => [m.said, m.rome])).toEqual(expected);
  });

  it('spans point at the words in the original text and do not overlap', () => {
    const text = 'Bonjour ! Nos Aides-Soignantes et nos caristes (CACES R489) ont besoin de formation.';
    const found = find(text);
    expect(found.map((m) => m.said)).toEqual(['Aides-Soignantes', 'caristes', 'CACES R489']);
    for (const m of found) expect(text.slice(m.span[0], m.span[1])).toBe(m.said);
    found.slice(1).forEach((m, i) => expect(m.span[0]).toBeGreaterThanOrEqual(found[i].span[1]));
  });
});

describe('words that are not an occupation asked for give nothing', () => {
  it.each([
    'Lyon Métal Services',
    'formation de 35 heures',
    'nos salariés',
    "l'équipe",
    'les gens',
    'des personnes',
    'nos collaborateurs',
    'nos agents',
    'les employés',
    'nos techniciens',
    'des responsables',
    'les cadres',
    'Bonjour, je voudrais savoir combien coûte une formation',
    'Pouvez-vous m’envoyer le programme et le devis ?',
    'Nous avons 120 salariés répartis sur 3 sites',
    'dans le cadre du plan de développement des compétences',
    'nous voulons un guide de bonnes pratiques',
    "c'est un projet pilote pour les salariés mineurs",
    'les erreurs commises par les nouveaux',
    'la carrière de nos collaborateurs',
    'Mme Boulanger souhaite former ses collaborateurs',
    'La formation se déroulera sur notre site avec un intervenant externe',
    'On cherche un formateur agréé',
    "le permis d'exploitation",
    'une formation professionnelle continue',
    'merci beaucoup, bonne journée',
    'Le premier groupe commence le 3 mars, le second en avril',
    'la couleur du logo',
  ])('« %s »', (text) => {
    expect(find(text).map(summary)).toEqual([]);
  });

  it('a surname that is also a title is not an occupation', () => {
    expect(find('Pierre Berger, DRH, nous contacte pour les conducteurs de bus').map((m) => m.said)).toEqual(['conducteurs de bus']);
  });
});

describe('fiche labels', () => {
  it('a code gives its fiche and domain', () => {
    expect(index.fiche('N1101')).toEqual({ code: 'N1101', label: "Conduite d'engins de déplacement des charges", domain: 'N', domainLabel: 'Transport et Logistique' });
    expect(index.fiche('A1101')?.domainLabel).toBe('Agriculture et Pêche; Espaces naturels et Espaces verts; Soins aux animaux');
    expect(index.fiche('Z9999')).toBeUndefined();
  });

  it('a match carries the labels of its fiche and domain', () => {
    const [match] = find('des aides-soignantes');
    expect(match).toMatchObject({ romeLabel: "Soins d'hygiène; de confort du patient", domainLabel: 'Santé' });
    expect(match.confidence).toBeGreaterThan(0.8);
  });
});

describe('job titles are written out in both genders', () => {
  it.each([
    ['Cariste', ['cariste']],
    ['Aide-soignant / Aide-soignante', ['aide soignant', 'aide soignante']],
    ['Agent / Agente cariste de livraison ferroviaire', ['agent cariste de livraison ferroviaire', 'agente cariste de livraison ferroviaire']],
    ['Chef soudeur / soudeuse', ['chef soudeur', 'chef soudeuse']],
    ['Comptable territorial / territoriale', ['comptable territorial', 'comptable territoriale']],
    ['Technicien chargé / Technicienne chargée de la police des eaux', ['technicien charge de la police des eaux', 'technicienne chargee de la police des eaux']],
    ['Agent / Agente de voirie manuel / manuelle', ['agent de voirie manuel', 'agente de voirie manuelle']],
    ['Homme sage-femme / Sage-femme', ['homme sage femme', 'sage femme']],
    ['Auxiliaire Spécialisé / Spécialisée Vétérinaire -ASV-', ['auxiliaire specialise veterinaire asv', 'auxiliaire specialisee veterinaire asv']],
    ['Steward / Hôtesse de l’air', ['steward de l air', 'hotesse de l air']],
    ['Garçon limonadier / Serveuse limonadière', ['garcon limonadier', 'serveuse limonadiere']],
    ['Adjoint / Adjointe au directeur / à la directrice des ressources humaines', ['adjoint au directeur des ressources humaines', 'adjointe a la directrice des ressources humaines']],
  ])('« %s »', (title, forms) => {
    expect(expandTitle(title)).toEqual(forms);
  });
});
