// A bot process with the counting probe as its root dialog, for the two-process test.
import { createApp } from '../../index';
import { loadConfig } from '../../services/config';
import { CountingDialog } from './countingDialog';

createApp(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { rootDialog: new CountingDialog() }).then(
  (app) => {
    process.stdout.write(`listening ${app.url}\n`);
    process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
