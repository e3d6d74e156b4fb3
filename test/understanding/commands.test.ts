// Commands that work at any point are whole short messages; sentences that merely contain the words are not commands.
import { recognizeCommand, type Command } from '../../services/understanding/commands';

const commands: [string, Command][] = [
  ['aide', 'help'],
  ['Aide !', 'help'],
  ['AIDE svp', 'help'],
  ['/aide', 'help'],
  ['au secours', 'help'],
  ['qu’est-ce que vous pouvez faire ?', 'help'],
  ['comment ça marche', 'help'],
  ['je suis perdue', 'help'],
  ['?', 'help'],
  ['annuler', 'cancel'],
  ['Annule', 'cancel'],
  ['laisse tomber', 'cancel'],
  ['on arrête', 'cancel'],
  ['recommencer', 'restart'],
  ['Je voudrais recommencer s’il vous plaît', 'restart'],
  ['reprendre depuis le début', 'restart'],
  ['/start', 'restart'],
  ['/start@BlablaFormBot', 'restart'],
  ['supprimer mes données', 'erase'],
  ['Supprimez mes données personnelles', 'erase'],
  ['effacer toutes mes données', 'erase'],
  ['efface mon historique', 'erase'],
  ['je veux supprimer mes infos', 'erase'],
  ['oubliez-moi', 'erase'],
  ['droit à l’oubli', 'erase'],
  ['/stop', 'erase'],
  ['confidentialité', 'privacy'],
  ['Confidentialite', 'privacy'],
  ['RGPD', 'privacy'],
  ['vie privée', 'privacy'],
  ['quelles données ?', 'privacy'],
  ['mes données', 'access'],
  ['Voir mes données personnelles', 'access'],
  ['/mesdonnees', 'access'],
  ['qu’est-ce que vous savez sur moi ?', 'access'],
  ['quelles informations avez-vous sur moi', 'access'],
  ['droit d’accès', 'access'],
  ['envoyez-moi mes données svp', 'access'],
  ['mes résultats', 'results'],
  ['Revoir mes propositions', 'results'],
  ['/resultats', 'results'],
  ['montre-moi mes résultats stp', 'results'],
];

const notCommands = [
  'j’ai besoin d’aide pour former 4 caristes à Vénissieux',
  'on a dû annuler une formation CACES le mois dernier, il faut la reprogrammer',
  'je cherche une formation d’aide-soignante',
  'je voudrais recommencer mes études en alternance à Lyon 7e',
  'comment supprimer les doublons dans Excel ? c’est la formation que je cherche',
  'les données de mon entreprise sont sur notre site',
  'mes données de paie sont dans Excel, je cherche une formation',
  'aide à domicile',
  'mes résultats au bac n’étaient pas terribles, je cherche une formation',
  'bonjour',
  '',
];

describe('commands understood at any point', () => {
  it.each(commands)('« %s » is %s', (text, command) => {
    expect(recognizeCommand(text)).toBe(command);
  });

  it.each(notCommands.map((t) => [t]))('« %s » is not a command', (text) => {
    expect(recognizeCommand(text)).toBeUndefined();
  });
});
