// Short answers, whole messages only: a correction that starts with « non » is not a no.
import { isDontKnow, isNo, isSkip, isYes } from '../../services/understanding/answers';

const kinds = (text: string) => [isYes(text), isNo(text), isSkip(text), isDontKnow(text)];

describe('short answers', () => {
  it.each<[string, boolean[]]>([
    ['Oui', [true, false, false, false]],
    ['c’est bon, merci', [true, false, false, false]],
    ['pourquoi pas', [true, false, false, false]],
    ['Non merci', [false, true, false, false]],
    ['pas besoin', [false, true, false, false]],
    ['plus tard', [false, true, true, false]],
    ['passer', [false, false, true, false]],
    ['Je préfère ne pas le dire', [false, false, true, false]],
    ['je sais pas trop', [false, false, false, true]],
    ['Aucune idée !', [false, false, false, true]],
    ['non, plutôt 6 personnes', [false, false, false, false]],
    ['oui mais à Bron', [false, false, false, false]],
  ])('« %s » → yes, no, skip, don’t know: %j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });
});
