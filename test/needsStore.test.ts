// Recorded needs, on every backend: what is written comes back with all its fields, filters and
// paging select the right rows, and erasure detaches needs from the person without losing them.
import { openDatabase, type Database } from '../services/database';
import { NeedsStore, type CompleteNeed } from '../services/needs';
import { backendTable, type TestDatabase } from './support/databases';

function need(overrides: Partial<CompleteNeed> = {}): CompleteNeed {
  return {
    description: 'On doit former 4 caristes au CACES R489 d’ici fin février à Vénissieux',
    occupation: { said: 'caristes, CACES R489', rome: 'N1101', romeLabel: 'Conduite d’engins de déplacement des charges', domain: 'N', domainLabel: 'Transport et Logistique', confidence: 0.9 },
    headcount: { said: '4', value: 4, approximate: false },
    deadline: { said: 'd’ici fin février', start: '2026-11-25', end: '2027-02-28', urgent: false },
    place: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
    modality: { said: 'en présentiel', value: 'presentiel' },
    ...overrides,
  };
}

const origin = (userId: string) => ({ channelId: 'test', conversationId: `conv-${userId}`, userId });

describe.each(backendTable)('needs store on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let store: NeedsStore;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    store = new NeedsStore(database.prisma);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('gives back a recorded need with every field, and the company that expressed it', async () => {
    const [stored] = await store.record([need()], origin('rh-1'), { name: 'Transports Dupont', size: '10-49', sector: 'logistique', contact: 'rh@dupont.fr' }, true);
    const { needs } = await store.list({ rome: 'N1101' });
    expect(needs).toEqual([stored]);
    expect(stored).toMatchObject({
      description: 'On doit former 4 caristes au CACES R489 d’ici fin février à Vénissieux',
      occupation: { said: 'caristes, CACES R489', rome: 'N1101', domain: 'N', confidence: 0.9 },
      headcount: { said: '4', value: 4, approximate: false },
      deadline: { said: 'd’ici fin février', start: '2026-11-25', end: '2027-02-28', urgent: false },
      place: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
      modality: { said: 'en présentiel', value: 'presentiel' },
      status: 'confirmed',
      consentToContact: true,
      channelId: 'test',
      conversationId: 'conv-rh-1',
      company: { name: 'Transports Dupont', size: '10-49', sector: 'logistique', contact: 'rh@dupont.fr' },
    });
  });

  it('keeps one company per person, completed by later details', async () => {
    const [first] = await store.record([need()], origin('rh-2'), { name: 'Boulangerie Martin' });
    const [second] = await store.record([need({ occupation: { said: 'boulangers', rome: 'D1102', romeLabel: 'Boulangerie - viennoiserie', domain: 'D', domainLabel: 'Commerce', confidence: 0.8 } })], origin('rh-2'), { sector: 'alimentation' });
    expect(second.company!.id).toBe(first.company!.id);
    expect(second.company).toMatchObject({ name: 'Boulangerie Martin', sector: 'alimentation' });
  });

  it('records urgent needs without dates, and places outside the Métropole as said', async () => {
    const [stored] = await store.record(
      [need({ deadline: { said: 'dès que possible', start: null, end: null, urgent: true }, place: { said: 'Grenoble', insee: '38185', name: 'Grenoble', inMetropole: false }, modality: null })],
      origin('rh-3'),
    );
    expect(stored).toMatchObject({ deadline: { start: null, end: null, urgent: true }, place: { name: 'Grenoble', inMetropole: false }, modality: null, consentToContact: false });
  });

  it('filters by domain, ROME code, commune (Lyon with its arrondissements) and recording date, and pages', async () => {
    const lyon3 = { said: 'Lyon 3e', insee: '69383', name: 'Lyon 3e Arrondissement', inMetropole: true };
    const comptables = { said: 'comptables', rome: 'M1203', romeLabel: 'Comptabilité', domain: 'M', domainLabel: 'Support à l’entreprise', confidence: 0.8 };
    await store.record([need({ place: lyon3, occupation: comptables }), need({ place: lyon3, occupation: comptables }), need({ occupation: comptables })], origin('rh-4'));

    expect((await store.list({ domain: 'M' })).total).toBe(3);
    expect((await store.list({ domain: 'M', commune: '69383' })).total).toBe(2);
    expect((await store.list({ commune: '69123' })).needs.every((n) => n.place.insee === '69383')).toBe(true);
    expect((await store.list({ commune: '69123' })).total).toBe(2);
    expect((await store.list({ rome: 'M1203', commune: '69259' })).total).toBe(1);

    const page1 = await store.list({ domain: 'M' }, { page: 1, pageSize: 2 });
    const page2 = await store.list({ domain: 'M' }, { page: 2, pageSize: 2 });
    expect(page1.needs).toHaveLength(2);
    expect(page2.needs).toHaveLength(1);
    expect(new Set([...page1.needs, ...page2.needs].map((n) => n.id)).size).toBe(3);

    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    expect((await store.list({ domain: 'M', to: tomorrow })).total).toBe(3);
    expect((await store.list({ domain: 'M', from: tomorrow })).total).toBe(0);
  });

  it('detaches the needs from a person who asks for erasure, and keeps them for the demand figures', async () => {
    await store.record([need()], origin('rh-5'), { name: 'Garage Central', contact: '04 72 00 00 00' });
    await store.detachPerson({ channelId: 'test', userId: 'rh-5' });
    const { needs } = await store.list({});
    const mine = needs.filter((n) => n.company?.name === 'Garage Central');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ conversationId: null, company: { contact: null }, headcount: { value: 4 } });
    const rows = await database.prisma.need.findMany({ where: { userId: 'rh-5' } });
    expect(rows).toEqual([]);
  });

  it('takes out of the kept description the e-mail addresses and phone numbers its author wrote', async () => {
    const description = 'Former 4 caristes avant mars, rappelez-moi au 06 12 34 56 78 ou à paul.martin@garage.fr (35 salariés)';
    const [recorded] = await store.record([need({ description })], origin('rh-6'));
    await store.detachPerson({ channelId: 'test', userId: 'rh-6' });
    expect((await store.get(recorded.id))?.description).toBe(
      'Former 4 caristes avant mars, rappelez-moi au [numéro effacé] ou à [adresse effacée] (35 salariés)',
    );
  });
});
