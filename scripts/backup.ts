/**
 * Back up or restore the rooms service's database (the one DATABASE_URL or PGLITE_DIR names, as for
 * the service itself). See deploy/README.md, "Backups".
 *
 *   npm run db:backup -- <file>     Postgres: online; PGlite: stop the service first
 *   npm run db:restore -- <file>    into an empty database (a new one made with createdb, or a new folder)
 */
import { readConfig } from '../server/config.ts';
import { backupDatabase, restoreDatabase } from './lib/database-backup.ts';

const [command, file] = process.argv.slice(2);
if ((command !== 'backup' && command !== 'restore') || !file) {
  console.error('usage: tsx scripts/backup.ts backup|restore <file>');
  process.exit(2);
}
const { database } = readConfig();
const where =
  database.driver === 'postgres' ? 'the Postgres database of DATABASE_URL' : `PGlite in ${database.dataDir}`;
try {
  if (command === 'backup') await backupDatabase(database, file);
  else await restoreDatabase(database, file);
  console.log(command === 'backup' ? `backed up ${where} to ${file}` : `restored ${file} into ${where}`);
} catch (error) {
  console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
