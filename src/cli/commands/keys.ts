// `vss-gateway keys generate`: a partner signing key pair; the private JWK is written mode 0600.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { ALLOWED_ALGS, type AllowedAlg } from '../../auth/jwk.ts';
import { rotateGatewayKey } from '../../auth/gateway-keys.ts';
import { generatePartnerKey } from '../../auth/partner-keys.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { oneOfOption } from '../parse-options.ts';

export function keysCommand(ctx: CliContext): Command {
  const keys = new Command('keys').description('Signing keys: partner key pairs, and rotation of the gateway\'s own key');
  keys
    .command('generate')
    .description('Generate a signing key pair: DIR/private.jwk.json (mode 0600, keep it at the partner) and DIR/jwks.json (register it)')
    .requiredOption('--alg <alg>', `signature algorithm: ${ALLOWED_ALGS.join(', ')}`, oneOfOption('--alg', ALLOWED_ALGS))
    .requiredOption('--out <dir>', 'directory to write the key files into')
    .action(async (o: { alg: AllowedAlg; out: string }) => {
      const privatePath = join(o.out, 'private.jwk.json');
      const publicPath = join(o.out, 'jwks.json');
      if (existsSync(privatePath)) throw new CliError(`${privatePath} exists; choose another --out directory`, 73);
      mkdirSync(o.out, { recursive: true, mode: 0o700 });
      const key = await generatePartnerKey(o.alg);
      writeFileSync(privatePath, `${JSON.stringify(key.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      writeFileSync(publicPath, `${JSON.stringify({ keys: [key.publicJwk] }, null, 2)}\n`, { mode: 0o644 });
      ctx.stdout.write(`kid ${key.kid} (${key.alg})\nprivate key: ${privatePath}\npublic JWKS: ${publicPath}\n`);
    });
  keys
    .command('rotate')
    .description('Start signing with a new gateway key; the old one stops signing and stays published for the configured retention')
    .action(async () => {
      const store = await ctx.openStore();
      try {
        const r = await rotateGatewayKey(store);
        ctx.stdout.write(`gateway signing key is now ${r.kid}${r.retired.length ? `; retired ${r.retired.join(', ')} (published for ${ctx.config.auth.gatewayKeyRetentionDays} days)` : ''}\n`);
      } finally {
        await store.close();
      }
    });
  return keys;
}
