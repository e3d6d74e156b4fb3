// Commands understood at any point of a conversation. A command is a whole (short) message, so that
// a sentence which merely contains "aide" or "annuler" ("j'ai besoin d'aide pour former 3 caristes")
// still reaches the dialog that is listening.
import { normalize } from './normalize';

export type Command = 'help' | 'cancel' | 'restart' | 'erase' | 'access' | 'privacy' | 'results';

// Politeness and framing words that do not change what is asked.
const FILLERS =
  /\b(bonjour|bonsoir|salut|coucho?u|merci|svp|stp|s il (te|vous) plait|je (veux|voudrais|souhaite|souhaiterais|aimerais)|j aimerais|est ce que (je peux|tu peux|vous pouvez)|(tu peux|vous pouvez|peux tu|pouvez vous)|please|oui|alors|euh|hum|ok|d accord)\b/g;

const PATTERNS: [Command, RegExp][] = [
  ['erase', /^(\/stop|\/supprimer|(supprim|effac|detrui|oubli)\w*( (moi|toutes?|tout|l ensemble))?( (de )?(mes|les|vos|nos|ces|mon|ma))?( donnees?| infos?| informations| historique| compte| profil)( personnelles?)?( (me|de moi|qui me concernent))?|oublie(z)? moi|droit a l oubli)$/],
  // The right of access: what is stored about me (the privacy notice says what is kept in general).
  ['access', /^(\/mesdonnees|\/donnees|(voir |consulter |recevoir |telecharger |exporter |envoyez moi |envoie moi |montrez moi |montre moi )?(toutes )?mes donnees( personnelles)?|acces a mes donnees( personnelles)?|droit d acces|(qu est ce que|que|quelles donnees|quelles informations) (vous savez|tu sais|savez vous|sais tu|vous gardez|tu gardes|gardez vous|avez vous|as tu|vous avez|tu as|conservez vous) (de|sur) moi|(ce que )?(vous savez|tu sais) (de|sur) moi)$/],
  ['privacy', /^(\/confidentialite|confidentialite|politique de confidentialite|vie privee|rgpd|donnees personnelles|(vos|quelles|les) donnees( personnelles)?|que (gardez vous|garde tu|conservez vous))$/],
  ['restart', /^(\/start|recommencer|recommence|recommencons|on recommence|reprendre (au|depuis le|du) debut|(re)?demarrer|reset|nouvelle conversation|menu|retour au menu)$/],
  ['cancel', /^(annuler|annule|annulez|annulation|laisse(z)? tomber|on arrete( tout)?|arreter|arrete|quitter|abandonner|sortir|cancel)$/],
  ['results', /^(\/resultats|(mes|les|nos) (derniers )?resultats|revoir (mes|les) (resultats|propositions|offres)|mes (propositions|offres|suggestions)|(ou sont|voir|afficher|montre moi|montrez moi|remontre moi|redonne moi|redonnez moi) (mes|les) (resultats|propositions))$/],
  ['help', /^(\/aide|\/help|aide|aidez moi|aide moi|help|au secours|j ai besoin d aide|besoin d aide|que (peux|sais) tu faire|qu est ce que (tu peux|vous pouvez|tu sais) faire|que pouvez vous faire|comment (ca marche|ca fonctionne|faire|fonctionnez vous)|tu sers a quoi|vous servez a quoi|a quoi (tu sers|vous servez|sert ce bot)|je (suis perdu|suis perdue|comprends pas|ne comprends pas)|perdu|perdue)$/],
];

export function recognizeCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const raw = text.trim().toLowerCase();
  if (raw.startsWith('/')) {
    const slash = raw.split(/[\s@]/)[0];
    for (const [command, pattern] of PATTERNS) if (pattern.test(slash)) return command;
  }
  if (/^\?+$/.test(raw)) return 'help';
  const normalized = normalize(text);
  const cleaned = normalized.replace(FILLERS, ' ').replace(/\s+/g, ' ').trim();
  if (!cleaned || cleaned.split(' ').length > 8) return undefined;
  for (const [command, pattern] of PATTERNS) if (pattern.test(cleaned) || pattern.test(normalized)) return command;
  return undefined;
}

// "parler à un conseiller", "un humain", "/conseiller": the person wants a human (the handoff issue takes it from there).
const ADVISOR_REQUEST =
  /^(\/conseiller|\/humain|(je (veux|voudrais|souhaite|souhaiterais|prefere|prefererais) )?(parler|discuter|echanger) (a|avec) (un|une|le|la|mon|ma|quelqu un|des)( vrai| vraie| vraies?)? ?(conseill(er|ere)s?|humaine?s?|personne|etre humain|quelqu un)?|(un|une) (conseill(er|ere)|humaine?|vraie personne|etre humain)|(parler a un conseiller|conseiller|conseillere|humain)( svp| s il vous plait| s il te plait)?)$/;

export function asksForAdvisor(text: string | undefined): boolean {
  if (!text) return false;
  const raw = text.trim().toLowerCase();
  if (raw.startsWith('/')) return ADVISOR_REQUEST.test(raw.split(/[\s@]/)[0]);
  return ADVISOR_REQUEST.test(normalize(text).replace(/\b(bonjour|merci|svp|stp|s il (te|vous) plait|je peux|est ce que je peux|puis je)\b/g, ' ').replace(/\s+/g, ' ').trim());
}
