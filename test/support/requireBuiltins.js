// Jest transform for PGlite's CommonJS build, which loads Node built-ins with dynamic import().
// Jest's CommonJS runtime cannot run import() without --experimental-vm-modules, and with that
// flag it refuses the ES-module-only Prisma schema engine. Node built-ins load just as well with
// require() (kept under its own name: the bundle declares local variables called `require`).
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');

module.exports = {
  getCacheKey(source) {
    return createHash('sha1').update(readFileSync(__filename)).update(source).digest('hex');
  },
  process(source) {
    const code = source.replace(/\bimport\(\s*(["'])((?:node:)?[a-z_/]+)\1\s*\)/g, 'Promise.resolve().then(() => __requireBuiltin("$2"))');
    return { code: `const __requireBuiltin = require;\n${code}` };
  },
};
