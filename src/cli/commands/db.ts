// `vss-gateway db migrate`: brings the configured store to the latest schema.
import { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function dbCommand(ctx: CliContext): Command {
  const db = new Command('db').description('Store maintenance');
  db.command('migrate')
    .description('Apply pending schema migrations to the configured store (SQLite file or VSS_DB PostgreSQL)')
    .action(async () => {
      const store = await ctx.openStore();
      try {
        ctx.stdout.write(`store ${store.description} is at the latest schema\n`);
      } finally {
        await store.close();
      }
    });
  return db;
}
