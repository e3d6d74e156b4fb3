// « mes données »: the right of access. The person gets, in the conversation, what is stored about them
// on this channel: profile, messages, needs and company details, requests for an advisor with the
// advisors' notes, and their answers to pool invitations.
import type { TurnContext } from 'botbuilder';
import type { PersonalData, PersonalReport } from '../services/personalData';

const ROLE_LABELS: Record<string, string> = {
  entreprise: 'une entreprise',
  personne: 'une personne qui cherche une formation ou une orientation',
  conseiller: 'un conseiller ou une conseillère',
};
const HANDOFF_STATUS: Record<string, string> = {
  WAITING: 'en attente',
  ASSIGNED: 'prise par un conseiller',
  DIALOG: 'en cours avec le bot pour un conseiller',
  CLOSED: 'terminée',
};
const INVITATION: Record<string, string> = { YES: 'vous avez accepté', NO: 'vous avez refusé', pending: 'sans réponse' };

export const TEXT = {
  intro: 'Voici tout ce que je garde sur vous sur cette messagerie :',
  profile: (report: PersonalReport) =>
    `• Profil : ${report.profile?.role ? `vous êtes ${ROLE_LABELS[report.profile.role] ?? report.profile.role}` : 'rien (vous ne m’avez pas dit qui vous êtes)'}.`,
  messages: ({ messages }: PersonalReport) =>
    messages.count === 0
      ? '• Messages : aucun.'
      : `• Messages : ${messages.count} (les vôtres et mes réponses), dans ${messages.conversations} conversation${messages.conversations > 1 ? 's' : ''}, ` +
        `${day(messages.first!) === day(messages.last!) ? `le ${day(messages.first!)}` : `du ${day(messages.first!)} au ${day(messages.last!)}`}. Les derniers :\n` +
        messages.recent.map((m) => `   ${m.direction === 'IN' ? 'vous' : 'moi'} › ${excerpt(m.text)}`).join('\n'),
  needs: ({ needs }: PersonalReport) =>
    needs.length === 0
      ? '• Besoins de formation : aucun.'
      : `• Besoins de formation (${needs.length}) :\n` +
        needs
          .map(
            (n) =>
              `   – ${n.headcount} × « ${n.occupation} », ${n.deadline ? `${n.deadline}, ` : ''}${n.commune} ; enregistré le ${day(n.recordedAt)}` +
              `${n.status === 'WITHDRAWN' ? ' (retiré)' : ''} ; mise en relation ${n.consent ? 'acceptée' : 'refusée'}` +
              `${n.invitation ? ` ; proposition de groupe : ${INVITATION[n.invitation]}` : ''}`,
          )
          .join('\n'),
  companies: ({ companies }: PersonalReport) =>
    companies.length === 0
      ? ''
      : '• Entreprise : ' +
        companies
          .map((c) => [c.name ?? 'nom non donné', c.size && `taille : ${c.size}`, c.sector && `secteur : ${c.sector}`, c.contact && `contact : ${c.contact}`].filter(Boolean).join(', '))
          .join(' ; ') +
        '.',
  handoffs: ({ handoffs }: PersonalReport) =>
    handoffs.length === 0
      ? '• Demandes de conseiller : aucune.'
      : `• Demandes de conseiller (${handoffs.length}) :\n` +
        handoffs
          .map(
            (h) =>
              `   – le ${day(h.requestedAt)}, ${HANDOFF_STATUS[h.status] ?? h.status}` +
              (h.notes.length ? ` ; notes : ${h.notes.map((note) => `« ${excerpt(note.text)} » (${note.author})`).join(', ')}` : ''),
          )
          .join('\n'),
  after: (months: number) =>
    `Tout est effacé automatiquement ${months} mois après votre dernier message. Pour tout effacer maintenant : « supprimer mes données ». ` +
    'Les besoins de formation restent ensuite, sans rien qui mène à vous.',
};

function day(date: Date): string {
  return date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

export class DataAccess {
  constructor(
    private readonly personalData: PersonalData,
    private readonly retentionMonths: number,
  ) {}

  async send(context: TurnContext): Promise<void> {
    const { channelId, from } = context.activity;
    const report = await this.personalData.report({ channelId, userId: from.id });
    const parts = [TEXT.intro, TEXT.profile(report), TEXT.messages(report), TEXT.needs(report), TEXT.companies(report), TEXT.handoffs(report)].filter(Boolean);
    await context.sendActivity(parts.join('\n'));
    await context.sendActivity(TEXT.after(this.retentionMonths));
  }
}
