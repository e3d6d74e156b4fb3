// Who is writing: a company, a person looking for training or orientation, or an advisor.
// Weighted cues, matched as whole words on the normalised text; the strongest role wins, a tie means "not sure".
import { normalize } from './normalize';

export type Role = 'entreprise' | 'personne' | 'conseiller';

const CUES: Record<Role, [RegExp, number][]> = {
  entreprise: [
    [/\b(entreprises?|employeurs?|employeuses?|societes?|pme|tpe|eti|start ?up|boites?|structure employeuse)\b/, 3],
    [/\b(rh|drh|rrh|grh|ressources humaines|service du personnel|responsables? (rh|formation|recrutement|du personnel|d equipe|d atelier|de site|d agence))\b/, 4],
    [/\b(dirigeante?s?|gerante?s?|patron(ne)?s?|chef(fe)?s? d (entreprise|equipe|atelier|chantier)|managers?|manageurs?|manageuses?|artisans?|commercant(e)?s?|employeur)\b/, 3],
    [/\brecrut\w*/, 2],
    [/\b(mes|nos) (salarie(e)?s|employe(e)?s|equipes?|collaborat(eurs|rices)|agents|techniciens|ouvriers|apprentis)\b/, 3],
    [/\bformer (des|mes|nos|\d+)\b/, 2],
  ],
  personne: [
    [/\b(je|j) (cherche|recherche|veux|voudrais|aimerais|souhaite)\w* (une |un |des )?(formation|orientation|diplome|metier|emploi|travail|job|stage|alternance|apprentissage)\b/, 4],
    [/\b(formation|formations|diplome|certification|cap|bac pro|bts)\b/, 1],
    [/\b(orientation|m orienter|me reorienter|reorientation|reconversion|me reconvertir|changer de (metier|voie|travail|boulot)|trouver (ma|une) voie)\b/, 3],
    [/\b(jeune|jeunes|etudiante?s?|lyceen(ne)?s?|collegien(ne)?s?|decrocheu(r|se)|apprentie?|alternante?)\b/, 3],
    [/\b(demandeu(r|se)s? d emploi|chomage|chomeu(r|se)|sans emploi|inscrite? (a|chez) (pole emploi|france travail)|au rsa|en recherche d emploi)\b/, 3],
    [/\b(salariee?|employee?) (qui|et) (veut|voudrait|souhaite|pense|reflechi)\w*/, 3],
    [/\b(pour moi|moi meme|personnellement|un particulier|une particuliere|je suis (un |une )?(particulier|particuliere))\b/, 2],
  ],
  conseiller: [
    [/\bconseill(er|ere|ers|eres)\b/, 4],
    [/\b(crij|mission locale|cio|cap emploi|point information jeunesse|pij|bij)\b/, 2],
    [/\b(accompagnat(eur|rice)s?|educat(eur|rice)s?|animat(eur|rice)s?|travailleu(r|se)s? sociale?s?|referente?s?|cip|psychologues? de l education nationale)\b/, 3],
    [/\bj (accompagne|oriente|suis) (des|les) (jeunes|personnes|beneficiaires|usagers)\b/, 3],
  ],
};

// "parler à un conseiller" asks for a human (see the handoff): it does not say the writer is one.
const ASKS_FOR_ADVISOR = /\b(parler|voir|rencontrer|contacter|joindre|appeler|avoir|veux|voudrais) (a |avec )?(un|une|le|la|mon|ma|des) (conseill(er|ere)s?|humaine?s?)\b/g;

export function recognizeRole(text: string | undefined): Role | undefined {
  if (!text) return undefined;
  const normalized = normalize(text).replace(ASKS_FOR_ADVISOR, ' ');
  const scores = (Object.keys(CUES) as Role[]).map((role) => ({
    role,
    score: CUES[role].reduce((sum, [cue, weight]) => sum + (cue.test(normalized) ? weight : 0), 0),
  }));
  scores.sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  return best.score > 0 && best.score > second.score ? best.role : undefined;
}
