// `vss-gateway partners add|list|show|disable|enable|rotate-key|set-jwks-uri|set-limits`: partners, grants and keys in the store.
// A running gateway applies every change on its next request.
import { Command } from 'commander';
import { keysFromJwks } from '../../auth/jwk.ts';
import { checkJwksUri } from '../../auth/remote-jwks.ts';
import { FIELD_SETS, type FieldSetName, PARTNER_KINDS, type PartnerKind, PURPOSES, type PurposeCode, SCOPES, type Scope } from '../../core/vocabulary.ts';
import { isNewProvinceCode, isOldProvinceCode } from '../../domain/provinces.ts';
import { effectiveLimits, LIMIT_BOUNDS } from '../../limits/policies.ts';
import {
  addPartner, getPartner, listPartners, PartnerExistsError, type PartnerLimits, type PartnerRecord, replacePartnerKeys, setPartnerJwksUri, setPartnerLimits,
  setPartnerStatus, type StoredKey,
} from '../../store/partners.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, isoDateOption, listOption, oneOfOption, readJsonFile } from '../parse-options.ts';

const PARTNER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function partnerId(value: string): string {
  if (!PARTNER_ID.test(value)) throw new CliError('--id must be 1-64 of [a-z0-9._-], starting with a letter or digit');
  return value;
}

/** A partner's JWKS URL: https, or http to a loopback host only (the gateway checks again before each fetch). */
function jwksUri(value: string): string {
  const check = checkJwksUri(value);
  if (!check.ok) throw new CliError(`--jwks-uri ${value.slice(0, 100)}: ${check.reason}`);
  return check.url.href;
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
    .description('Register a partner with its grant (scopes, purposes, field sets) and public keys (a JWKS file, a JWKS URL, or both)')
    .requiredOption('--id <id>', 'partner id, used as the token iss/sub', partnerId)
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', `one of ${PARTNER_KINDS.join(', ')}`, oneOfOption('--kind', PARTNER_KINDS))
    .option('--province <code>', 'province code (required for health-department partners: a post-2025 code)')
    .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, listOption('--scopes', SCOPES))
    .requiredOption('--purposes <list>', `comma-separated: ${PURPOSES.join(', ')}`, listOption('--purposes', PURPOSES))
    .requiredOption('--field-sets <list>', `comma-separated: ${FIELD_SETS.join(', ')}`, listOption('--field-sets', FIELD_SETS))
    .option('--jwks <file>', 'the partner\'s public JWKS (from `keys generate`)')
    .option('--jwks-uri <url>', 'where the partner publishes its JWKS (https; http only to a loopback host); fetched and cached by the gateway', jwksUri)
    .option('--agreement-ref <ref>', 'data-sharing agreement reference, written into every audit record')
    .option('--agreement-from <date>', 'agreement in force from (YYYY-MM-DD)', isoDateOption('--agreement-from'))
    .option('--agreement-to <date>', 'agreement in force until (YYYY-MM-DD)', isoDateOption('--agreement-to'))
    .option(...limitOption('--rate-per-second', 'perSecond'))
    .option(...limitOption('--burst', 'burst'))
    .option(...limitOption('--daily-quota', 'dailyQuota'))
    .action(
      async (o: {
        id: string; name: string; kind: PartnerKind; province?: string; scopes: Scope[]; purposes: PurposeCode[]; fieldSets: FieldSetName[];
        jwks?: string; jwksUri?: string; agreementRef?: string; agreementFrom?: string; agreementTo?: string;
      } & LimitFlags) => {
        if (o.jwks === undefined && o.jwksUri === undefined) throw new CliError('one of --jwks <file> or --jwks-uri <url> is required');
        const name = o.name.normalize('NFC').trim();
        if (name.length === 0 || name.length > 200) throw new CliError('--name must be 1-200 characters');
        if (o.kind === 'health-department' && (!o.province || !isNewProvinceCode(o.province))) {
          throw new CliError('--province is required for a health-department partner and must be a post-2025 province code');
        }
        if (o.province !== undefined && !isOldProvinceCode(o.province) && !isNewProvinceCode(o.province)) throw new CliError('--province is not a province code');
        if (o.agreementFrom && o.agreementTo && o.agreementTo < o.agreementFrom) throw new CliError('--agreement-to is before --agreement-from');
        const limits = checkLimits({ perSecond: o.ratePerSecond ?? null, burst: o.burst ?? null, dailyQuota: o.dailyQuota ?? null }, ctx.config.rateLimits.defaults[o.kind]);
        const keys = o.jwks !== undefined ? readKeys(o.jwks) : [];
        const store = await ctx.openStore();
        try {
          await addPartner(store, {
            id: o.id, name, kind: o.kind, province: o.province ?? null, scopes: o.scopes, purposes: o.purposes, fieldSets: o.fieldSets,
            agreementRef: o.agreementRef ?? null, agreementFrom: o.agreementFrom ?? null, agreementTo: o.agreementTo ?? null, jwksUri: o.jwksUri ?? null,
            limits,
          }, keys);
          const inline = keys.length > 0 ? ` with ${keys.length} key(s): ${keys.map((k) => k.kid).join(', ')}` : '';
          const remote = o.jwksUri !== undefined ? `${inline ? ' and' : ' with'} keys from ${o.jwksUri}` : '';
          ctx.stdout.write(`partner ${o.id} added${inline}${remote}\n`);
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
        const effective = effectiveLimits(ctx.config.rateLimits.defaults[p.grant.kind], p.limits);
        ctx.stdout.write(`${JSON.stringify({ ...view(p), effectiveLimits: effective }, null, 2)}\n`);
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

  partners
    .command('set-jwks-uri')
    .description('Set (or with --clear remove) the URL where a partner publishes its JWKS; in force from the next request')
    .argument('<id>', 'partner id')
    .argument('[url]', 'the JWKS URL (https; http only to a loopback host)')
    .option('--clear', 'remove the URL (the partner keeps only its registered keys)')
    .action(async (id: string, url: string | undefined, o: { clear?: boolean }) => {
      if ((url === undefined) === (o.clear !== true)) throw new CliError('give either a URL or --clear');
      const value = url !== undefined ? jwksUri(url) : null;
      const store = await ctx.openStore();
      try {
        const p = await getPartner(store, id);
        if (!p) throw new CliError(`no partner ${id}`, 65);
        if (value === null && p.keys.length === 0) throw new CliError(`partner ${id} has no registered keys: register some with rotate-key before clearing its JWKS URL`, 65);
        if (!(await setPartnerJwksUri(store, id, value))) throw new CliError(`no partner ${id}`, 65);
        ctx.stdout.write(value === null ? `partner ${id} no longer has a JWKS URL\n` : `partner ${id} now takes keys from ${value}\n`);
      } finally {
        await store.close();
      }
    });
  partners
    .command('set-limits')
    .description(
      'Set a partner\'s own rate limits, overriding the defaults of its kind (config rateLimits.defaults); options not given keep their value, ' +
        '--clear first removes every override. In force from the next request; `partners show` prints the limits in force',
    )
    .argument('<id>', 'partner id')
    .option(...limitOption('--rate-per-second', 'perSecond'))
    .option(...limitOption('--burst', 'burst'))
    .option(...limitOption('--daily-quota', 'dailyQuota'))
    .option('--clear', 'remove the partner\'s own limits (its kind\'s defaults apply), then apply any of the options above')
    .action(async (id: string, o: LimitFlags & { clear?: boolean }) => {
      const given: PartnerLimits = {
        ...(o.ratePerSecond !== undefined ? { perSecond: o.ratePerSecond } : {}),
        ...(o.burst !== undefined ? { burst: o.burst } : {}),
        ...(o.dailyQuota !== undefined ? { dailyQuota: o.dailyQuota } : {}),
      };
      if (Object.keys(given).length === 0 && !o.clear) throw new CliError('give at least one of --rate-per-second, --burst, --daily-quota, or --clear');
      const store = await ctx.openStore();
      try {
        const p = await getPartner(store, id);
        if (!p) throw new CliError(`no partner ${id}`, 65);
        const base: PartnerLimits = o.clear ? { perSecond: null, burst: null, dailyQuota: null } : p.limits;
        const next = checkLimits({ perSecond: null, burst: null, dailyQuota: null, ...base, ...given }, ctx.config.rateLimits.defaults[p.grant.kind]);
        if (!(await setPartnerLimits(store, id, next))) throw new CliError(`no partner ${id}`, 65);
        const effective = effectiveLimits(ctx.config.rateLimits.defaults[p.grant.kind], next);
        ctx.stdout.write(
          `partner ${id} limits: ${effective.perSecond}/s, burst ${effective.burst}, ${effective.dailyQuota}/day` +
            ` (own: ${describeOwn(next)}; otherwise the ${p.grant.kind} defaults)\n`,
        );
      } finally {
        await store.close();
      }
    });
  return partners;
}

interface LimitFlags { ratePerSecond?: number; burst?: number; dailyQuota?: number }

const LIMIT_HELP = {
  perSecond: 'sustained requests per second (enforced on average over the configured averaging window)',
  burst: 'most requests in any one second (at least the rate per second)',
  dailyQuota: 'requests per UTC day',
} as const;

function limitOption(flag: string, field: keyof typeof LIMIT_BOUNDS): [string, string, (v: string) => number] {
  const { min, max } = LIMIT_BOUNDS[field];
  return [`${flag} <n>`, `${LIMIT_HELP[field]}, ${min}-${max}; overrides the default of the partner's kind`, integerOption(flag, min, max)];
}

/** A burst below the rate it would apply with (the partner's own or its kind's) is refused rather than silently raised. */
function checkLimits(l: { perSecond: number | null; burst: number | null; dailyQuota: number | null }, kindDefaults: { perSecond: number }) {
  if (l.burst !== null && l.burst < (l.perSecond ?? kindDefaults.perSecond)) {
    const rate = l.perSecond !== null ? `--rate-per-second (${l.perSecond})` : `the kind's default rate (${kindDefaults.perSecond}/s); give --rate-per-second too`;
    throw new CliError(`--burst (${l.burst}) must be at least ${rate}`);
  }
  return l;
}

function describeOwn(l: PartnerLimits): string {
  const own = [
    l.perSecond != null ? `${l.perSecond}/s` : undefined,
    l.burst != null ? `burst ${l.burst}` : undefined,
    l.dailyQuota != null ? `${l.dailyQuota}/day` : undefined,
  ].filter(Boolean);
  return own.length > 0 ? own.join(', ') : 'none';
}

function view(p: PartnerRecord) {
  return {
    id: p.grant.partnerId, name: p.name, kind: p.grant.kind, province: p.grant.province, status: p.status,
    scopes: p.grant.scopes, purposes: p.grant.purposes, fieldSets: p.grant.fieldSets, agreement: p.grant.agreement,
    keys: p.keys.map((k) => ({ kid: k.kid, alg: k.jwk.alg, addedAt: k.addedAt })), jwksUri: p.jwksUri, limits: p.limits, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
