// Once per test run, before the workers start: an empty PGlite data directory, initialised once and
// written to a temporary file. Every throwaway database (memory:) of every test file then starts from
// it (test/support/pgliteTemplate.ts) instead of running initdb again: about 1.3 s less per test file.
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { PGlite } = require('@electric-sql/pglite');

module.exports = async function prepareEmptyPglite() {
  const pglite = new PGlite();
  await pglite.waitReady;
  const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  await pglite.close();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blablaform-pglite-')), 'empty.tar');
  writeFileSync(file, dump);
  // Read by the workers, which inherit the environment of the process that starts them.
  process.env.BLABLAFORM_TEST_EMPTY_PGLITE = file;
};
