// Run before each test file (jest setupFiles): throwaway databases start from the empty data directory
// globalSetup.js prepared, when there is one (a single file run by hand without it works as well).
import { readFileSync } from 'node:fs';
import { startMemoryDatabasesFrom } from '../../services/database';

const file = process.env.BLABLAFORM_TEST_EMPTY_PGLITE;
if (file) startMemoryDatabasesFrom(new Blob([readFileSync(file)]));
