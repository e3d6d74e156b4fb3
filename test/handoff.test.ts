// The bot and the advisors pass conversations to each other, over real HTTP: a person asks for a human,
// is stuck, or speaks of something serious; an advisor takes the conversation, answers, hands it back
// or to a guided dialog. The bot never talks over the advisor, and nothing the person says is lost.
import { startBot, type RunningBot } from './support/app';
import { play, type Conversation, type Turn } from './support/conversation';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postActivity } from '../bots/localConnector';

// A Wednesday, 10:00 in Paris: open under the default hours (Monday to Friday, 9:00 to 18:00).
const WEDNESDAY = () => new Date('2026-11-25T10:00:00+01:00');
// A Saturday, 15:00 in Paris: closed.
const SATURDAY = () => new Date('2026-11-28T15:00:00+01:00');

const GREETING = [/assistant automatique/, /« confidentialité »/, 'vous êtes'];
const ASK_NEED = /^Décrivez-moi votre besoin de formation/;
const QUEUED = /^Je transmets notre conversation à un conseiller.*\n.*Écrivez votre message ici.*\n.*« continuer avec le bot »/s;
const ASK_HEADCOUNT = /Combien de personnes faut-il former/;

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot({}, { now: WEDNESDAY });
});
afterAll(() => bot.stop());

const camille = { id: '00000000-0000-4000-8000-000000000001', name: 'Camille' };
const yanis = { id: '00000000-0000-4000-8000-000000000002', name: 'Yanis' };

async function handoffOf(c: Conversation) {
  return bot.app.handoffs.open({ channelId: c.channelId, conversationId: c.id });
}

/** A company halfway through describing a need (the headcount question is open). */
async function companyAskedForHeadcount(): Promise<Conversation> {
  const c = bot.conversation();
  await play(c, [
    ['bonjour', GREETING],
    ['Entreprise', [ASK_NEED]],
    ['des soudeurs à Vénissieux avant fin mars', ['Bien noté.', ASK_HEADCOUNT]],
  ]);
  return c;
}

describe('from the bot to a human', () => {
  it('« parler à un conseiller » queues the conversation with what the bot knows, then the bot stays silent', async () => {
    const c = await companyAskedForHeadcount();
    const replies = await c.say('je voudrais parler à un conseiller');
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(QUEUED);
    expect(replies[0].text).toMatch(/Vous êtes le prochain ou la prochaine dans la file|attend/);
    expect(replies[0].text).toMatch(/En cas d’urgence.*112.*3114.*119/);
    expect(replies[0].actions).toEqual(['Continuer avec le bot', 'Annuler ma demande']);

    const handoff = await handoffOf(c);
    expect(handoff).toMatchObject({ status: 'WAITING', reason: 'ASKED', userId: bot.app.pseudonyms.of(c.channelId, c.userId) });
    expect(handoff!.summary).toMatch(/Rôle : entreprise/);
    expect(handoff!.summary).toMatch(/Besoins de formation en cours de description/);
    expect(handoff!.summary).toMatch(/soudeurs/);
    expect(handoff!.summary).toMatch(/Vénissieux/);

    // Waiting: what the person writes goes to the advisor, and the bot does not answer it.
    expect(await c.say('c’est pour 3 soudeurs TIG, on est pressés')).toEqual([]);
    const lines = await bot.app.transcript.conversation(c.id);
    expect(lines.at(-1)).toMatchObject({ direction: 'IN', text: 'c’est pour 3 soudeurs TIG, on est pressés' });
  });

  it('asking again while waiting does not queue twice', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('un humain');
    const first = await handoffOf(c);
    await c.say('continuer avec le bot');
    const again = await c.say('/conseiller');
    expect(again.map((r) => r.text)).toEqual([expect.stringMatching(/Votre demande est déjà transmise/)]);
    const queue = (await bot.app.handoffs.queue()).filter((h) => h.conversationId === c.id);
    expect(queue).toHaveLength(1);
    expect(queue[0].id).toBe(first!.id);
    expect(queue[0].botContinues).toBe(false);
  });

  it('while waiting, the person can carry on with the bot, where they were, and the request stays', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    await play(c, [['Continuer avec le bot', [/on continue ensemble en attendant/, ASK_HEADCOUNT]]]);
    expect(await handoffOf(c)).toMatchObject({ status: 'WAITING', botContinues: true });
    await play(c, [['3', [/Quelques questions facultatives/]]]);
  });

  it('while waiting, « annuler » withdraws the request and the bot asks its question again', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    await play(c, [['annuler', [/je retire votre demande/, ASK_HEADCOUNT]]]);
    expect(await handoffOf(c)).toBeUndefined();
  });

  it('a distressing message gets the emergency numbers at once and goes to a human, whatever question was open', async () => {
    const c = await companyAskedForHeadcount();
    const replies = await c.say('en fait je vais pas bien du tout, j’ai envie de mourir');
    expect(replies[0].text).toMatch(/3114/);
    expect(replies[1].text).toMatch(QUEUED);
    const handoff = await handoffOf(c);
    expect(handoff).toMatchObject({ status: 'WAITING', reason: 'SENSITIVE' });
    expect(handoff!.detail).toMatch(/suicide/);
  });

  it('after four answers it cannot understand to the same question, the bot passes the conversation to a human', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('euh');
    await c.say('bof');
    await c.say('je sais pas trop');
    const replies = await c.say('pff');
    expect(replies.map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringMatching(/Je ne parviens pas à comprendre/), expect.stringMatching(QUEUED)]));
    expect(await handoffOf(c)).toMatchObject({ status: 'WAITING', reason: 'STUCK' });
  });

  it('at the welcome, a bare « conseiller » answers who the person is, it does not ask for one', async () => {
    const c = bot.conversation();
    await play(c, [
      ['bonjour', GREETING],
      ['conseiller', [/travaillent depuis la console/, /Écrivez-moi quand vous voulez/]],
    ]);
    expect(await handoffOf(c)).toBeUndefined();
  });
});

describe('an advisor holds the conversation', () => {
  it('takes it, the person is told; replies reach the person; the person’s messages get no bot answer; hand-back resumes the question', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    const { id } = (await handoffOf(c))!;
    const before = c.replies().length;

    expect(await bot.app.desk.take(id, camille)).toEqual({ ok: true });
    expect(await bot.app.desk.reply(id, camille, 'Bonjour, combien de soudeurs exactement ?')).toEqual({ ok: true });
    expect(c.replies().slice(before).map((r) => r.text)).toEqual([
      'Camille, conseiller·e du CRIJ, a rejoint la conversation.',
      'Camille : Bonjour, combien de soudeurs exactement ?',
    ]);

    expect(await c.say('3, et un apprenti')).toEqual([]);
    const lines = await bot.app.transcript.conversation(c.id);
    expect(lines.slice(-2)).toMatchObject([
      { direction: 'OUT', author: 'Camille', text: 'Camille : Bonjour, combien de soudeurs exactement ?' },
      { direction: 'IN', text: '3, et un apprenti' },
    ]);

    const beforeBack = c.replies().length;
    expect(await bot.app.desk.handBack(id, camille)).toEqual({ ok: true });
    expect(c.replies().slice(beforeBack).map((r) => r.text)).toEqual([expect.stringMatching(/Je reprends la conversation/), expect.stringMatching(ASK_HEADCOUNT)]);
    expect(await handoffOf(c)).toBeUndefined();
    await play(c, [['3', [/Pour quand|Quelques questions/]]]);
  });

  it('two advisors can never take the same conversation', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    const { id } = (await handoffOf(c))!;
    const results = await Promise.all([bot.app.desk.take(id, camille), bot.app.desk.take(id, yanis)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ status: 409 })]);
    const joined = c.replies().filter((r) => /a rejoint la conversation/.test(r.text));
    expect(joined).toHaveLength(1);
  });

  it('only the advisor who holds the conversation can answer in it', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    const { id } = (await handoffOf(c))!;
    await bot.app.desk.take(id, camille);
    expect(await bot.app.desk.reply(id, yanis, 'Bonjour')).toMatchObject({ ok: false, status: 409 });
    expect(c.replies().some((r) => r.text.includes('Yanis'))).toBe(false);
  });

  it('hands the conversation to a guided dialog, gets its result, and the conversation back', async () => {
    const c = bot.conversation();
    await play(c, [['bonjour', GREETING], ['parler à un conseiller', [QUEUED]]]);
    const { id } = (await handoffOf(c))!;
    await bot.app.desk.take(id, camille);
    const before = c.replies().length;
    expect(await bot.app.desk.handToDialog(id, camille, 'needs', true)).toEqual({ ok: true });
    expect(c.replies().slice(before).map((r) => r.text)).toEqual([expect.stringMatching(/m’a demandé de noter avec vous vos besoins/), expect.stringMatching(ASK_NEED)]);
    expect(await handoffOf(c)).toMatchObject({ status: 'DIALOG', dialog: 'needs' });

    await play(c, [
      ['4 caristes à former au CACES d’ici fin février à Vénissieux', ['Bien noté.', /Quelques questions facultatives/]],
      ['passer', [/nom de votre entreprise/]],
      ['Transports Dupont', [/Combien de salariés/]],
      ['passer', [/secteur/]],
      ['passer', [/adresse e-mail/]],
      ['passer', [/Acceptez-vous/]],
      ['passer', [/Voici ce que j’ai noté/, /C’est bon/]],
      ['oui', [/Merci, votre besoin est enregistré/, /Je transmets vos réponses à votre conseiller/]],
    ]);
    expect(await handoffOf(c)).toMatchObject({ status: 'ASSIGNED', advisorId: camille.id, dialog: null });
    const notes = await bot.app.handoffs.notes(id);
    expect(notes).toEqual([expect.objectContaining({ kind: 'RESULT', author: 'needs' })]);
    expect(notes[0].text).toMatch(/Besoins de formation enregistrés \(1\)/);
    expect(notes[0].text).toMatch(/4 personnes à former : caristes/);
    expect(notes[0].text).toMatch(/Transports Dupont/);
    // Back with the advisor: the bot is silent again.
    expect(await c.say('merci !')).toEqual([]);
  });

  it('without « give it back to me », the bot keeps the conversation after the guided dialog', async () => {
    const c = bot.conversation();
    await play(c, [['bonjour', GREETING], ['un conseiller svp', [QUEUED]]]);
    const { id } = (await handoffOf(c))!;
    await bot.app.desk.take(id, camille);
    await bot.app.desk.handToDialog(id, camille, 'orientation', false);
    await play(c, [
      ['passer', [/situation/]],
      ['passer', [/commune/]],
      ['passer', [/Jusqu’où/]],
      ['passer', [/plutôt une formation/]],
      ['passer', [/Qu’est-ce qui vous intéresse/]],
      ['j’aime bricoler', [/Compris/, /faire le point sur vos bases en numérique/]],
    ]);
    const replies = await c.say('non');
    expect(replies.at(-1)!.text).toMatch(/Vos réponses sont transmises à votre conseiller/);
    expect(await handoffOf(c)).toBeUndefined();
    const [result] = await bot.app.handoffs.notes(id);
    expect(result.text).toMatch(/Questionnaire d’orientation terminé/);
    expect(result.text).toMatch(/bricoler/);
    // The bot answers again.
    expect((await c.say('aide')).length).toBeGreaterThan(0);
  });

  it('a reply the person’s channel refuses is reported to the advisor, not recorded as sent', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    const { id } = (await handoffOf(c))!;
    await bot.app.desk.take(id, camille);
    await bot.connector.stop();
    try {
      expect(await bot.app.desk.reply(id, camille, 'Vous êtes toujours là ?')).toMatchObject({ ok: false, status: 502 });
    } finally {
      await bot.connector.start();
    }
    const lines = await bot.app.transcript.conversation(c.id);
    expect(lines.map((l) => l.text)).not.toContain('Camille : Vous êtes toujours là ?');
  });

  it('closing a conversation held by an advisor gives it back to the bot', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    const { id } = (await handoffOf(c))!;
    await bot.app.desk.take(id, camille);
    const before = c.replies().length;
    expect(await bot.app.desk.close(id, camille)).toEqual({ ok: true });
    expect(c.replies().slice(before).map((r) => r.text)).toEqual([expect.stringMatching(/Je reprends la conversation/), expect.stringMatching(ASK_HEADCOUNT)]);
  });

  it('erasure removes the conversation from the queue, with the advisors’ notes', async () => {
    const c = await companyAskedForHeadcount();
    await c.say('parler à un conseiller');
    const { id } = (await handoffOf(c))!;
    await bot.app.desk.note(id, camille, 'Rappeler lundi');
    await c.say('continuer avec le bot');
    // The right of access covers the advisors' notes too.
    const [report] = await c.say('mes données');
    expect(report.text).toMatch(/• Demandes de conseiller \(1\) :\n   – le .*, en attente ; notes : « Rappeler lundi » \(Camille\)/);
    await c.say('supprimer mes données');
    await c.say('oui');
    expect(await bot.app.handoffs.get(id)).toBeUndefined();
    expect(await bot.app.handoffs.notes(id)).toEqual([]);
  });
});

describe('outside opening hours', () => {
  let closed: RunningBot;
  beforeAll(async () => {
    closed = await startBot({ ADVISOR_HOURS: '1-5 09:00-18:00' }, { now: SATURDAY });
  });
  afterAll(() => closed.stop());

  it('says when someone will answer; the person can leave a message or carry on with the bot', async () => {
    const c = closed.conversation();
    const turns: Turn[] = [
      ['bonjour', GREETING],
      [
        'je veux parler à un conseiller',
        [/^Nos conseillers répondent du lundi au vendredi de 9 h à 18 h\. Quelqu’un vous répondra lundi à 9 h\. Vous pouvez laisser votre message ici.*\n.*« continuer avec le bot »/s],
        ['Continuer avec le bot', 'Annuler ma demande'],
      ],
      ['Je cherche un BTS en alternance, rappelez-moi svp', []],
      ['Continuer avec le bot', [/on continue ensemble/, 'vous êtes']],
    ];
    await play(c, turns);
    const [queued] = (await closed.app.handoffs.queue()).filter((h) => h.conversationId === c.id);
    expect(queued).toMatchObject({ status: 'WAITING', botContinues: true, lastMessage: { text: 'Continuer avec le bot' } });
    const lines = await closed.app.transcript.conversation(c.id);
    expect(lines.map((l) => l.text)).toContain('Je cherche un BTS en alternance, rappelez-moi svp');
  });
});

describe('a contact centre plugged in through the Bot Framework handoff events', () => {
  let centre: RunningBot;
  beforeAll(async () => {
    centre = await startBot({ CONTACT_CENTRE_CHANNELS: 'msteams', ADVISOR_HOURS: 'always' }, { now: WEDNESDAY });
  });
  afterAll(() => centre.stop());

  it('receives handoff.initiate with the transcript; handoff.status accepted silences the bot, completed gives it back', async () => {
    const c = centre.conversation({ channelId: 'msteams' });
    await play(c, [['bonjour', GREETING]]);
    await c.say('parler à un conseiller');
    const initiate = centre.connector.received.find((a) => a.conversation?.id === c.id && a.type === 'event' && a.name === 'handoff.initiate');
    expect(initiate).toBeDefined();
    expect(initiate!.value).toMatchObject({ reason: 'ASKED', summary: expect.stringMatching(/Motif : la personne a demandé un conseiller/) });
    const transcript = initiate!.attachments?.find((a) => a.contentType === 'application/json' || a.name === 'Transcript');
    expect(JSON.stringify(transcript)).toContain('parler à un conseiller');
    expect(await centre.app.handoffs.open({ channelId: 'msteams', conversationId: c.id })).toMatchObject({ external: true, status: 'WAITING' });

    await postActivity(centre.app.url, c.activity({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } }));
    expect(await centre.app.handoffs.open({ channelId: 'msteams', conversationId: c.id })).toMatchObject({ external: true, status: 'ASSIGNED' });
    expect(await c.say('bonjour, vous êtes là ?')).toEqual([]);

    const before = c.replies().length;
    await postActivity(centre.app.url, c.activity({ type: 'event', name: 'handoff.status', value: { state: 'completed' } }));
    expect(c.replies().slice(before).map((r) => r.text)).toEqual([expect.stringMatching(/La conversation avec le conseiller .* est terminée/), expect.stringMatching(/vous êtes :/)]);
    expect(await centre.app.handoffs.open({ channelId: 'msteams', conversationId: c.id })).toBeUndefined();
  });

  it('our console cannot take a conversation the contact centre handles', async () => {
    const c = centre.conversation({ channelId: 'msteams' });
    await c.say('un humain');
    const { id } = (await centre.app.handoffs.open({ channelId: 'msteams', conversationId: c.id }))!;
    expect(await centre.app.desk.take(id, camille)).toMatchObject({ ok: false, status: 409 });
  });
});

describe('across a restart', () => {
  it('the conversation stays with its advisor, and the bot still keeps quiet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blablaform-handoff-'));
    const env = { DATABASE_URL: `file:${dir}`, ADVISOR_HOURS: 'always' };
    try {
      let running = await startBot(env, { now: WEDNESDAY });
      const ids = { id: 'conv-restart', userId: 'user-restart' };
      let c = running.conversation(ids);
      await play(c, [['bonjour', GREETING], ['parler à un conseiller', [QUEUED]]]);
      const { id } = (await running.app.handoffs.open({ channelId: 'test', conversationId: ids.id }))!;
      await running.app.desk.take(id, camille);
      await running.stop();

      running = await startBot(env, { now: WEDNESDAY });
      try {
        c = running.conversation(ids);
        expect(await c.say('toujours là ?')).toEqual([]);
        expect(await running.app.desk.reply(id, camille, 'Oui, je suis là.')).toEqual({ ok: true });
        expect(c.replies().map((r) => r.text)).toEqual(['Camille : Oui, je suis là.']);
        await running.app.desk.handBack(id, camille);
        expect(c.replies().map((r) => r.text).slice(1)).toEqual([expect.stringMatching(/Je reprends/), expect.stringMatching(/vous êtes :/)]);
      } finally {
        await running.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
