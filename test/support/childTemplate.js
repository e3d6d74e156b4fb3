// Preloaded (--require) in the processes the tests start, like jest's setupFiles in the workers: their
// new embedded databases start from the empty PGlite data directory globalSetup.js prepared, instead of
// running initdb (about 3 s each). Without it (a process run by hand), nothing changes.
if (process.env.BLABLAFORM_TEST_EMPTY_PGLITE) {
  require('tsx/cjs');
  require('./pgliteTemplate.ts');
}
