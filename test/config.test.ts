// The environment is checked once; a bad value names the variable and what it expects.
import { ConfigError, loadConfig } from '../services/config';
import { parseDatabaseUrl } from '../services/database';

describe('configuration', () => {
  it('has working defaults for local use: port 3978, embedded database under ./data, no Bot Framework authentication', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3978,
      DATABASE_URL: 'file:./data/db',
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      MicrosoftAppType: 'MultiTenant',
      RETENTION_DAYS: 183,
    });
    expect(loadConfig({}).API_TOKEN).toBeUndefined();
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', MicrosoftAppId: '' })).toMatchObject({ PORT: 3978, DATABASE_URL: 'file:./data/db' });
  });

  it.each([
    [{ PORT: 'http' }, /PORT: .*reçu : "http"/],
    [{ PORT: '70000' }, /PORT: /],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, /DATABASE_URL: attendu postgresql:\/\/user@host:port\/base, file:CHEMIN \(base embarquée\) ou memory:/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL: .*"fatal".*"silent"/],
    [{ MicrosoftAppType: 'Multi' }, /MicrosoftAppType: /],
    [{ MicrosoftAppId: 'abc' }, /MicrosoftAppPassword: requis quand MicrosoftAppId est défini/],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId: requis/],
    [{ RETENTION_DAYS: '0' }, /RETENTION_DAYS: /],
    [{ API_TOKEN: 'court' }, /API_TOKEN: au moins 16 caractères .*\(valeur masquée\)$/],
    [{ TELEGRAM_BOT_TOKEN: 'pas-un-jeton' }, /TELEGRAM_BOT_TOKEN: jeton de @BotFather attendu .*\(valeur masquée\)$/],
    [{ TELEGRAM_BOT_TOKEN: '123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0', TELEGRAM_MODE: 'webhook' }, /TELEGRAM_WEBHOOK_SECRET: requis quand TELEGRAM_MODE=webhook/],
    [{ TELEGRAM_MODE: 'push' }, /TELEGRAM_MODE: /],
    [{ TELEGRAM_API_ROOT: 'pas une adresse' }, /TELEGRAM_API_ROOT: adresse attendue/],
    [{ DIRECTLINE_SECRET: 'court' }, /DIRECTLINE_SECRET: au moins 32 caractères/],
    [{ ADVISOR_HOURS: '1-8 09:00-18:00' }, /ADVISOR_HOURS: « 1-8 09:00-18:00 » : jour 8 inconnu/],
    [{ ADVISOR_HOURS: '1-5 18:00-09:00' }, /ADVISOR_HOURS: /],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the advisors’ hours and the contact-centre channels', () => {
    expect(loadConfig({})).toMatchObject({ ADVISOR_HOURS: '1-5 09:00-18:00', CONTACT_CENTRE_CHANNELS: [] });
    expect(loadConfig({ ADVISOR_HOURS: 'always', CONTACT_CENTRE_CHANNELS: 'msteams, facebook,' })).toMatchObject({
      ADVISOR_HOURS: 'always',
      CONTACT_CENTRE_CHANNELS: ['msteams', 'facebook'],
    });
  });

  it('accepts the three kinds of database address', () => {
    expect(parseDatabaseUrl('postgresql://postgres@127.0.0.1:5432/test')).toEqual({ kind: 'postgres', connectionString: 'postgresql://postgres@127.0.0.1:5432/test' });
    expect(parseDatabaseUrl('postgres://u:p@db/blabla')).toMatchObject({ kind: 'postgres' });
    expect(parseDatabaseUrl('file:./data/db', '/srv/blablaform')).toEqual({ kind: 'pglite', dir: '/srv/blablaform/data/db' });
    expect(parseDatabaseUrl('file:/var/lib/blablaform')).toEqual({ kind: 'pglite', dir: '/var/lib/blablaform' });
    expect(parseDatabaseUrl('memory:')).toEqual({ kind: 'pglite', dir: null });
  });
});
