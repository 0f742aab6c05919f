// `vss-gateway start` (what `npm start` runs): migrate, seed an empty store, register the demo hospital, listen,
// print a ready-to-paste card check; SIGINT/SIGTERM drain in-flight requests, flush the audit log, close the store.
import { createServer } from 'node:http';
import { Command } from 'commander';
import { mintPartnerToken } from '../../auth/partner-keys.ts';
import { createGateway } from '../../gateway.ts';
import { createLogger } from '../../log/create.ts';
import { countPeople, seedDataset } from '../../store/seed-writer.ts';
import type { CliContext } from '../context.ts';
import { demoCitizenId, ensureDemoPartner } from '../demo.ts';
import { progressReporter } from '../progress.ts';

export function startCommand(ctx: CliContext): Command {
  return new Command('start')
    .description('Start the gateway (seeds the embedded store with a demo dataset when it is empty)')
    .option('--no-seed', 'do not seed an empty store')
    .option('--no-demo', 'do not register the demo hospital partner or print an example call')
    .action(async (o: { seed: boolean; demo: boolean }) => {
      const { config } = ctx;
      const log = createLogger({ level: config.log.level });
      const store = await ctx.openStore();
      if (o.seed && (await countPeople(store)) === 0) {
        const count = config.dataset.demoCount;
        ctx.stderr.write(`seeding ${count.toLocaleString('en')} synthetic people (seed ${config.dataset.seed})...\n`);
        const progress = progressReporter(ctx, count);
        const r = await seedDataset(store, { count, seed: config.dataset.seed, asOf: new Date().toISOString().slice(0, 10), onProgress: progress.update });
        progress.stop();
        ctx.stderr.write(`seeded ${r.people.toLocaleString('en')} people in ${r.seconds.toFixed(1)} s\n`);
      }
      const gateway = await createGateway({ config, store, log });
      const { host, port } = config.runtime;
      const server = createServer(gateway.app).listen(port, host);
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      server.requestTimeout = config.server.requestTimeoutMs;
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const base = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      ctx.stdout.write(`vss-gateway listening on ${base} (store ${store.description}, audience ${gateway.audience})\n`);
      if (o.demo) {
        const demo = await ensureDemoPartner(store, config.runtime.dataDir);
        const citizenId = await demoCitizenId(store, Date.now());
        if (citizenId) {
          const token = await mintPartnerToken({ partnerId: demo.partnerId, privateJwk: demo.privateJwk, audience: gateway.audience, scope: 'card.check', purpose: 'treatment', ttlSeconds: 300 });
          ctx.stdout.write(
            `\nTry a card check of a seeded person (the token is single use and valid for 5 minutes):\n\n` +
              `curl -s -H "Authorization: Bearer ${token}" ${base}/v1/cards/by-citizen/${citizenId}\n\n` +
              `Mint another token:\n\n` +
              `  npx vss-gateway token --partner ${demo.partnerId} --key ${demo.keyPath} --scope card.check --purpose treatment\n\n`,
          );
        }
      }
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) {
          ctx.stderr.write('forced exit\n');
          process.exit(1);
        }
        stopping = true;
        ctx.stderr.write(`${signal}: finishing in-flight requests...\n`);
        await gateway.drain(server);
        await store.close();
        ctx.stderr.write('stopped cleanly\n');
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
