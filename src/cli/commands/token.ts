// `vss-gateway token`: mints a partner-signed request token (single use) with the partner's private key.
import { Command } from 'commander';
import type { JWK } from 'jose';
import { mintPartnerToken } from '../../auth/partner-keys.ts';
import { PURPOSES, SCOPES } from '../../core/vocabulary.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, listOption, oneOfOption, readJsonFile } from '../parse-options.ts';

export function tokenCommand(ctx: CliContext): Command {
  return new Command('token')
    .description('Print a partner-signed JWT for one request (each token is single use)')
    .requiredOption('--partner <id>', 'partner id (iss and sub)')
    .requiredOption('--key <file>', 'the partner\'s private JWK (private.jwk.json from `keys generate`)')
    .requiredOption('--scope <scopes>', `comma- or space-separated: ${SCOPES.join(', ')}`, (v: string) => listOption('--scope', SCOPES)(v.replace(/ /g, ',')))
    .requiredOption('--purpose <code>', `purpose of use: ${PURPOSES.join(', ')}`, oneOfOption('--purpose', PURPOSES))
    .option('--ttl <seconds>', 'lifetime in seconds (at most the configured maximum, 300 by default)', integerOption('--ttl', 1, 3600), 120)
    .option('--audience <url>', 'token audience (default: the gateway\'s public URL)')
    .option('--actor-cccd <cccd>', 'CCCD of the officer making the call (act.sub)')
    .option('--actor-name <name>', 'name of the officer making the call (act.name)')
    .action(async (o: { partner: string; key: string; scope: string[]; purpose: string; ttl: number; audience?: string; actorCccd?: string; actorName?: string }) => {
      const max = ctx.config.auth.maxLifetimeSeconds;
      if (o.ttl > max) throw new CliError(`--ttl must be at most ${max} seconds (the gateway refuses longer lifetimes)`);
      if (o.actorCccd !== undefined && !/^\d{12}$/.test(o.actorCccd)) throw new CliError('--actor-cccd must be 12 digits');
      const jwk = readJsonFile(o.key, '--key') as JWK;
      if (typeof jwk !== 'object' || jwk === null || typeof (jwk as { d?: unknown }).d !== 'string') throw new CliError(`--key ${o.key} is not a private JWK`, 65);
      const actor = o.actorCccd || o.actorName ? { ...(o.actorCccd ? { sub: o.actorCccd } : {}), ...(o.actorName ? { name: o.actorName } : {}) } : undefined;
      try {
        const token = await mintPartnerToken({
          partnerId: o.partner, privateJwk: jwk, audience: o.audience ?? ctx.config.auth.audience ?? ctx.config.runtime.publicUrl,
          scope: o.scope.join(' '), purpose: o.purpose, ttlSeconds: o.ttl, ...(actor ? { actor } : {}),
        });
        ctx.stdout.write(`${token}\n`);
      } catch (e) {
        throw new CliError(`cannot sign with ${o.key}: ${(e as Error).message}`, 65);
      }
    });
}
