// What Telegram needs of an outgoing message: short enough texts, cut where a reader would pause, and buttons.
import { ActionTypes } from 'botbuilder';
import { keyboardFor, MAX_MESSAGE_LENGTH, splitText } from '../bots/telegram/format';

const splitMessage = (text: string, max = MAX_MESSAGE_LENGTH) => splitText(text, max);

describe('splitting a long message', () => {
  it('leaves a message within the limit as it is', () => {
    expect(splitMessage('Bonjour ! Vous êtes :', 30)).toEqual(['Bonjour ! Vous êtes :']);
  });

  it('sends nothing for an empty text', () => {
    expect(splitMessage('  \n ', 30)).toEqual([]);
  });

  it('cuts between sentences, never inside one', () => {
    const text = 'Première phrase assez longue. Deuxième phrase ! Troisième phrase ? Quatrième.';
    expect(splitMessage(text, 50)).toEqual(['Première phrase assez longue. Deuxième phrase !', 'Troisième phrase ? Quatrième.']);
  });

  it('prefers a line break to a sentence end', () => {
    const text = 'Vos résultats :\n1. CACES R489 à Vénissieux. Début en mars.\n2. Atelier numérique à Vaulx-en-Velin.';
    expect(splitMessage(text, 60)).toEqual(['Vos résultats :\n1. CACES R489 à Vénissieux. Début en mars.', '2. Atelier numérique à Vaulx-en-Velin.']);
  });

  it('counts a sentence ending with a closing quote as ended', () => {
    const text = 'Il a dit « c’est parti. » Puis il est allé se former à Vénissieux.';
    expect(splitMessage(text, 45)).toEqual(['Il a dit « c’est parti. »', 'Puis il est allé se former à Vénissieux.']);
  });

  it('never cuts at the spaces French puts inside « » or before ! ? :', () => {
    expect(splitMessage('Écrivez « recommencer » ou « aide » : je réponds !', 25)).toEqual(['Écrivez « recommencer »', 'ou « aide » : je', 'réponds !']);
  });

  it('falls back to a space when a sentence is longer than a message', () => {
    expect(splitMessage('un deux trois quatre cinq six sept huit', 20)).toEqual(['un deux trois quatre', 'cinq six sept huit']);
  });

  it('cuts hard a text without spaces, never between the halves of an emoji', () => {
    const parts = splitMessage(`${'a'.repeat(9)}😀${'b'.repeat(9)}`, 10);
    expect(parts).toEqual(['a'.repeat(9), `😀${'b'.repeat(8)}`, 'b']);
  });

  it('keeps every part within 4,096 characters by default, losing nothing but the spaces at the cuts', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Phrase ${i} : une formation près de chez vous.`).join(' ');
    const parts = splitMessage(text);
    expect(parts.length).toBe(Math.ceil(text.length / 4096));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join(' ')).toBe(text);
  });
});

describe('buttons', () => {
  it('gives no keyboard without suggested actions', () => {
    expect(keyboardFor(undefined)).toBeUndefined();
    expect(keyboardFor([])).toBeUndefined();
  });

  it('shows choices that say what they send as a one-time reply keyboard, one long label per row', () => {
    const actions = ['Entreprise', 'Je cherche une formation', 'Conseiller ou conseillère'].map((t) => ({ type: ActionTypes.ImBack, title: t, value: t }));
    expect(keyboardFor(actions)).toEqual({
      keyboard: [[{ text: 'Entreprise' }], [{ text: 'Je cherche une formation' }], [{ text: 'Conseiller ou conseillère' }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });
  });

  it('puts short labels three to a row', () => {
    const yesNo = ['Oui', 'Non'].map((t) => ({ type: ActionTypes.ImBack, title: t, value: t }));
    expect(keyboardFor(yesNo)).toEqual({ keyboard: [[{ text: 'Oui' }, { text: 'Non' }]], one_time_keyboard: true, resize_keyboard: true });
    const numbers = ['1', '2', '3', '4'].map((t) => ({ type: ActionTypes.ImBack, title: t, value: t }));
    expect((keyboardFor(numbers) as { keyboard: unknown }).keyboard).toEqual([[{ text: '1' }, { text: '2' }, { text: '3' }], [{ text: '4' }]]);
  });

  it('uses inline buttons when a button sends a value other than its label', () => {
    const actions = [
      { type: ActionTypes.PostBack, title: 'Voir l’offre', value: 'offre:42' },
      { type: ActionTypes.ImBack, title: 'Non merci', value: 'Non merci' },
    ];
    expect(keyboardFor(actions)).toEqual({
      inline_keyboard: [[{ text: 'Voir l’offre', callback_data: 'offre:42' }, { text: 'Non merci', callback_data: 'Non merci' }]],
    });
  });

  it('falls back to a reply keyboard when a value is too long for Telegram’s 64 bytes of callback data', () => {
    const actions = [{ type: ActionTypes.PostBack, title: 'Voir', value: 'é'.repeat(33) }];
    expect(keyboardFor(actions)).toEqual({ keyboard: [[{ text: 'Voir' }]], one_time_keyboard: true, resize_keyboard: true });
  });
});
