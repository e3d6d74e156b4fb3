// What people say they like, in their own words, and whether they say computers are hard for them.
import { findInterests, saysUncomfortableWithComputers } from '../../services/understanding/interests';

describe('interests', () => {
  it.each<[string, string[]]>([
    ['j’aime bricoler', ['bricoler']],
    ['J’adore réparer les vélos et fabriquer des trucs', ['bricoler']],
    ['travailler avec des enfants', ['enfants']],
    ['je voudrais passer le BAFA pour être animatrice', ['enfants']],
    ['le numérique', ['numerique']],
    ['je code un peu et j’aime les jeux vidéo', ['numerique']],
    ['aider les personnes âgées', ['aider']],
    ['la cuisine, la pâtisserie', ['cuisine']],
    ['le sport et la danse', ['sport']],
    ['être dehors, les plantes, les animaux', ['nature']],
    ['dessiner, la musique', ['creer']],
    ['travailler dans un magasin avec des clients', ['vendre']],
    ['passer mon permis et conduire des camions', ['conduire']],
    ['cuisiner pour les enfants', ['enfants', 'cuisine']],
  ])('« %s » → %j', (text, ids) => {
    expect(findInterests(text).map((i) => i.id)).toEqual(ids);
  });

  it.each(['je ne sais pas', 'bonjour', 'je suis jeune et motivé', 'rien de spécial'])('« %s » names no interest', (text) => {
    expect(findInterests(text)).toEqual([]);
  });
});

describe('saying computers are hard', () => {
  it.each([
    'je ne suis pas à l’aise avec l’ordinateur',
    'Je suis nulle en informatique',
    'internet c’est compliqué pour moi',
    'j’ai du mal avec les mails',
    'je sais pas me servir d’un ordi',
    'les démarches en ligne, je galère',
  ])('« %s »', (text) => {
    expect(saysUncomfortableWithComputers(text)).toBe(true);
  });

  it.each(['j’aime le numérique', 'je cherche une formation en informatique', 'je suis à l’aise avec l’ordinateur', 'je veux devenir développeur'])(
    '« %s » is not saying so',
    (text) => {
      expect(saysUncomfortableWithComputers(text)).toBe(false);
    },
  );
});
