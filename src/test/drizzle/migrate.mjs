// Applies a Drizzle migrations folder with drizzle-orm's own migrator: node migrate.mjs <postgres-url> <folder>
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const client = new pg.Client({ connectionString: process.argv[2] });
await client.connect();
try {
  await migrate(drizzle(client), { migrationsFolder: process.argv[3] });
} finally {
  await client.end();
}
