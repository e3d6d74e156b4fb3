// Removes what globalSetup.js prepared.
const { rmSync } = require('node:fs');
const path = require('node:path');

module.exports = async function removeEmptyPglite() {
  const file = process.env.BLABLAFORM_TEST_EMPTY_PGLITE;
  if (file) rmSync(path.dirname(file), { recursive: true, force: true });
};
