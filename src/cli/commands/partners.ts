// `vss-gateway partners add|list|show|disable|enable|rotate-key`: partners, grants and keys in the store.
// A running gateway applies every change on its next request.
import { Command } from 'commander';
import { keysFromJwks } from '../../auth/jwk.ts';
import { FIELD_SETS, type FieldSetName, PARTNER_KINDS, type PartnerKind, PURPOSES, type PurposeCode, SCOPES, type Scope } from '../../core/vocabulary.ts';
import { isNewProvinceCode, isOldProvinceCode } from '../../domain/provinces.ts';
import { addPartner, getPartner, listPartners, PartnerExistsError, type PartnerRecord, replacePartnerKeys, setPartnerStatus, type StoredKey } from '../../store/partners.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { isoDateOption, listOption, oneOfOption, readJsonFile } from '../parse-options.ts';

const PARTNER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function partnerId(value: string): string {
  if (!PARTNER_ID.test(value)) throw new CliError('--id must be 1-64 of [a-z0-9._-], starting with a letter or digit');
  return value;
}

function readKeys(path: string): StoredKey[] {
  const { keys, refused } = keysFromJwks(readJsonFile(path, '--jwks'));
  if (refused.length > 0) throw new CliError(`--jwks ${path}: ${refused.join('; ')}`, 65);
  if (keys.length === 0) throw new CliError(`--jwks ${path} holds no usable key`, 65);
  const addedAt = new Date().toISOString();
  return keys.map((k) => ({ kid: k.kid, jwk: k.jwk, addedAt }));
}

export function partnersCommand(ctx: CliContext): Command {
  const partners = new Command('partners').description('Partners, their grants and their public keys');

  partners
    .command('add')
    .description('Register a partner with its grant (scopes, purposes, field sets) and public keys')
    .requiredOption('--id <id>', 'partner id, used as the token iss/sub', partnerId)
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', `one of ${PARTNER_KINDS.join(', ')}`, oneOfOption('--kind', PARTNER_KINDS))
    .option('--province <code>', 'province code (required for health-department partners: a post-2025 code)')
    .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, listOption('--scopes', SCOPES))
    .requiredOption('--purposes <list>', `comma-separated: ${PURPOSES.join(', ')}`, listOption('--purposes', PURPOSES))
    .requiredOption('--field-sets <list>', `comma-separated: ${FIELD_SETS.join(', ')}`, listOption('--field-sets', FIELD_SETS))
    .requiredOption('--jwks <file>', 'the partner\'s public JWKS (from `keys generate`)')
    .option('--agreement-ref <ref>', 'data-sharing agreement reference, written into every audit record')
    .option('--agreement-from <date>', 'agreement in force from (YYYY-MM-DD)', isoDateOption('--agreement-from'))
    .option('--agreement-to <date>', 'agreement in force until (YYYY-MM-DD)', isoDateOption('--agreement-to'))
    .action(
      async (o: {
        id: string; name: string; kind: PartnerKind; province?: string; scopes: Scope[]; purposes: PurposeCode[]; fieldSets: FieldSetName[];
        jwks: string; agreementRef?: string; agreementFrom?: string; agreementTo?: string;
      }) => {
        const name = o.name.normalize('NFC').trim();
        if (name.length === 0 || name.length > 200) throw new CliError('--name must be 1-200 characters');
        if (o.kind === 'health-department' && (!o.province || !isNewProvinceCode(o.province))) {
          throw new CliError('--province is required for a health-department partner and must be a post-2025 province code');
        }
        if (o.province !== undefined && !isOldProvinceCode(o.province) && !isNewProvinceCode(o.province)) throw new CliError('--province is not a province code');
        if (o.agreementFrom && o.agreementTo && o.agreementTo < o.agreementFrom) throw new CliError('--agreement-to is before --agreement-from');
        const keys = readKeys(o.jwks);
        const store = await ctx.openStore();
        try {
          await addPartner(store, {
            id: o.id, name, kind: o.kind, province: o.province ?? null, scopes: o.scopes, purposes: o.purposes, fieldSets: o.fieldSets,
            agreementRef: o.agreementRef ?? null, agreementFrom: o.agreementFrom ?? null, agreementTo: o.agreementTo ?? null,
          }, keys);
          ctx.stdout.write(`partner ${o.id} added with ${keys.length} key(s): ${keys.map((k) => k.kid).join(', ')}\n`);
        } catch (e) {
          if (e instanceof PartnerExistsError) throw new CliError(e.message, 65);
          throw e;
        } finally {
          await store.close();
        }
      },
    );

  partners
    .command('list')
    .description('List partners')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { json?: boolean }) => {
      const store = await ctx.openStore();
      try {
        const all = await listPartners(store);
        if (o.json) {
          ctx.stdout.write(`${JSON.stringify(all.map(view), null, 2)}\n`);
          return;
        }
        const rows = all.map((p) => [p.grant.partnerId, p.grant.kind, p.grant.province ?? '-', p.status, p.grant.scopes.join(','), String(p.keys.length)]);
        ctx.stdout.write(table([['ID', 'KIND', 'PROVINCE', 'STATUS', 'SCOPES', 'KEYS'], ...rows]));
      } finally {
        await store.close();
      }
    });

  partners
    .command('show')
    .description('Show one partner: grant, agreement and key ids (JSON)')
    .argument('<id>', 'partner id')
    .action(async (id: string) => {
      const store = await ctx.openStore();
      try {
        const p = await getPartner(store, id);
        if (!p) throw new CliError(`no partner ${id}`, 65);
        ctx.stdout.write(`${JSON.stringify(view(p), null, 2)}\n`);
      } finally {
        await store.close();
      }
    });

  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    partners
      .command(verb)
      .description(verb === 'disable' ? 'Disable a partner: its tokens are refused from the next request' : 'Re-enable a disabled partner')
      .argument('<id>', 'partner id')
      .action(async (id: string) => {
        const store = await ctx.openStore();
        try {
          if (!(await setPartnerStatus(store, id, status))) throw new CliError(`no partner ${id}`, 65);
          ctx.stdout.write(`partner ${id} ${status}\n`);
        } finally {
          await store.close();
        }
      });
  }

  partners
    .command('rotate-key')
    .description('Replace a partner\'s registered public keys with those in a JWKS file (include the old key to keep it during a rollover)')
    .argument('<id>', 'partner id')
    .requiredOption('--jwks <file>', 'the new public JWKS')
    .action(async (id: string, o: { jwks: string }) => {
      const keys = readKeys(o.jwks);
      const store = await ctx.openStore();
      try {
        if (!(await replacePartnerKeys(store, id, keys))) throw new CliError(`no partner ${id}`, 65);
        ctx.stdout.write(`partner ${id} now has key(s): ${keys.map((k) => k.kid).join(', ')}\n`);
      } finally {
        await store.close();
      }
    });
  return partners;
}

function view(p: PartnerRecord) {
  return {
    id: p.grant.partnerId, name: p.name, kind: p.grant.kind, province: p.grant.province, status: p.status,
    scopes: p.grant.scopes, purposes: p.grant.purposes, fieldSets: p.grant.fieldSets, agreement: p.grant.agreement,
    keys: p.keys.map((k) => ({ kid: k.kid, alg: k.jwk.alg, addedAt: k.addedAt })), createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
