// The gateway's entry point and the only reader of process.env and argv: loads the configuration, then runs the
// `vss-gateway` command asked for (start, db, seed, keys, partners, token).
import { Command, CommanderError } from 'commander';
import { adapterSchemas } from './adapters/registry.ts';
import { CliError } from './cli/cli-error.ts';
import { dbCommand } from './cli/commands/db.ts';
import { exportsCommand } from './cli/commands/exports.ts';
import { keysCommand } from './cli/commands/keys.ts';
import { outboxCommand } from './cli/commands/outbox.ts';
import { partnersCommand } from './cli/commands/partners.ts';
import { reconcileCommand } from './cli/commands/reconcile.ts';
import { seedCommand } from './cli/commands/seed.ts';
import { simulateCommand } from './cli/commands/simulate.ts';
import { startCommand } from './cli/commands/start.ts';
import { syncCommand } from './cli/commands/sync.ts';
import { tokenCommand } from './cli/commands/token.ts';
import type { CliContext } from './cli/context.ts';
import { ConfigError } from './config/config-error.ts';
import { loadConfig } from './config/load.ts';
import type { GatewayConfig } from './config/types.ts';
import { migrate, openStore } from './store/open.ts';

const env = { ...process.env };
let config: GatewayConfig | undefined;

const ctx: CliContext = {
  get config() {
    config ??= loadConfig({ env, adapterSchemas: adapterSchemas() });
    return config;
  },
  async openStore() {
    const c = ctx.config;
    const store = openStore({ url: c.runtime.db, dataDir: c.runtime.dataDir });
    try {
      await migrate(store);
    } catch (e) {
      await store.close();
      throw new CliError(`store ${store.description} unavailable: ${(e as Error).message}`, 69);
    }
    return store;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stderr.isTTY === true,
};

const program = new Command('vss-gateway')
  .description('Data-sharing gateway of the national insurance database')
  .showHelpAfterError()
  .exitOverride();
for (const make of [startCommand, dbCommand, seedCommand, keysCommand, partnersCommand, tokenCommand]) program.addCommand(make(ctx));
program.addCommand(simulateCommand(ctx));
program.addCommand(reconcileCommand(ctx));
program.addCommand(syncCommand(ctx));
program.addCommand(outboxCommand(ctx));
program.addCommand(exportsCommand(ctx));
for (const c of program.commands) exitOverrideDeep(c);

function exitOverrideDeep(c: Command): void {
  c.exitOverride();
  for (const sub of c.commands) exitOverrideDeep(sub);
}

try {
  // Validate the configuration up front for every command but help, so a bad file stops with one clear message.
  const args = process.argv.slice(2);
  if (args.length > 0 && !args.includes('--help') && !args.includes('-h') && args[0] !== 'help') void ctx.config;
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 64;
  } else if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (e instanceof CliError) {
    process.stderr.write(`vss-gateway: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(`vss-gateway: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = 70;
  }
}
