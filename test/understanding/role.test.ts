// Who is writing, from free French text. None of these sentences appears in the cue lists.
import { recognizeRole, type Role } from '../../services/understanding/role';
import { choiceIndex } from '../../services/understanding/choiceIndex';

const sentences: [string, Role][] = [
  ['je suis RH', 'entreprise'],
  ['Je travaille aux ressources humaines d’un hôpital privé', 'entreprise'],
  ['DRH d’une ETI de la chimie à Saint-Fons', 'entreprise'],
  ['je suis le gérant d’une boulangerie, j’ai 3 apprentis', 'entreprise'],
  ['Cheffe d’entreprise dans le BTP', 'entreprise'],
  ['nous sommes une PME et nous recrutons des soudeurs', 'entreprise'],
  ['on doit former nos techniciens à l’habilitation électrique', 'entreprise'],
  ['Responsable formation chez un transporteur', 'entreprise'],
  ['employeur', 'entreprise'],
  ['je cherche une formation', 'personne'],
  ['Je recherche un métier qui me plaise', 'personne'],
  ['j’ai 17 ans et je suis en décrochage, je suis une jeune', 'personne'],
  ['demandeuse d’emploi depuis six mois', 'personne'],
  ['je suis au chômage et je voudrais me reconvertir', 'personne'],
  ['étudiant en L1, je veux changer de voie', 'personne'],
  ['salariée qui pense à une reconversion', 'personne'],
  ['je voudrais une formation pour moi', 'personne'],
  ['je suis conseillère au CRIJ', 'conseiller'],
  ['Conseiller en insertion professionnelle', 'conseiller'],
  ['conseillers de la mission locale', 'conseiller'],
  ['je suis éducateur spécialisé, j’accompagne des jeunes', 'conseiller'],
  ['animatrice au point information jeunesse', 'conseiller'],
];

const unclear = ['bonjour', 'oui', 'la réponse D', '42', 'je voudrais parler à un conseiller', 'ok merci', ''];

describe('who is writing', () => {
  it.each(sentences)('« %s » → %s', (text, role) => {
    expect(recognizeRole(text)).toBe(role);
  });

  it.each(unclear.map((t) => [t]))('« %s » says nothing sure', (text) => {
    expect(recognizeRole(text)).toBeUndefined();
  });
});

describe('picking an item of a numbered list', () => {
  it.each([
    ['1', 0],
    [' 3 ', 2],
    ['le 2', 1],
    ['numéro 3', 2],
    ['la deuxième', 1],
    ['Le premier', 0],
    ['1er', 0],
    ['troisième', 2],
  ] as const)('« %s » → item %i', (text, index) => {
    expect(choiceIndex(text, 3)).toBe(index);
  });

  it.each([['4'], ['0'], ['2 ou 3'], ['quatrième'], ['1 caristes'], ['']])('« %s » picks nothing among 3', (text) => {
    expect(choiceIndex(text, 3)).toBeUndefined();
  });
});
