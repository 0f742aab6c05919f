// `vss-gateway outbox list|show|replay`: the operator's view of event results waiting for (or given up on by) the
// outbox dispatcher. Replay moves a dead row back to pending; a running gateway delivers it on its next look.
import { Command } from 'commander';
import { listOutbox, getOutboxRow, OUTBOX_STATES, type OutboxRow, type OutboxState, replayDead } from '../../store/outbox.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, oneOfOption } from '../parse-options.ts';

const ROW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function rowId(value: string): string {
  if (!ROW_ID.test(value)) throw new CliError('ID must be an outbox row id (a UUID, as `outbox list` shows it)');
  return value;
}

export function outboxCommand(ctx: CliContext): Command {
  const outbox = new Command('outbox').description('Event results waiting for delivery to the data-sharing platform, delivered, or dead');

  outbox
    .command('list')
    .description('List outbox rows, newest first')
    .option('--state <state>', `only rows in this state: ${OUTBOX_STATES.join(', ')}`, oneOfOption('--state', OUTBOX_STATES))
    .option('--limit <n>', 'at most this many rows, 1 to 10000', integerOption('--limit', 1, 10_000), 100)
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { state?: OutboxState; limit: number; json?: boolean }) => {
      const store = await ctx.openStore();
      try {
        const rows = await listOutbox(store, { state: o.state, limit: o.limit });
        if (o.json) {
          ctx.stdout.write(`${JSON.stringify(rows.map(summary), null, 2)}\n`);
          return;
        }
        const lines = rows.map((r) => [r.id, r.eventId, r.destination, r.state, String(r.attempts), r.state === 'pending' ? r.nextAttemptAt : '-', r.lastError ?? '-']);
        ctx.stdout.write(table([['ID', 'EVENT', 'DESTINATION', 'STATE', 'ATTEMPTS', 'NEXT ATTEMPT', 'LAST ERROR'], ...lines]));
      } finally {
        await store.close();
      }
    });

  outbox
    .command('show')
    .description('Show one outbox row with its payload (JSON)')
    .argument('<id>', 'outbox row id', rowId)
    .action(async (id: string) => {
      const store = await ctx.openStore();
      try {
        const row = await getOutboxRow(store, id);
        if (!row) throw new CliError(`no outbox row ${id}`, 65);
        ctx.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
      } finally {
        await store.close();
      }
    });

  outbox
    .command('replay')
    .description('Move a dead row back to pending, with a fresh count of attempts: a running gateway delivers it again')
    .argument('<id>', 'outbox row id', rowId)
    .action(async (id: string) => {
      const store = await ctx.openStore();
      try {
        const { replayed, row } = await replayDead(store, id, new Date().toISOString());
        if (!row) throw new CliError(`no outbox row ${id}`, 65);
        if (!replayed) throw new CliError(`outbox row ${id} is ${row.state}: only dead rows are replayed`, 65);
        ctx.stdout.write(`outbox row ${id} (event ${row.eventId}) is pending again; a running gateway delivers it on its next look\n`);
      } finally {
        await store.close();
      }
    });
  return outbox;
}

/** A row without its payload, for lists. */
function summary(r: OutboxRow) {
  const { payload: _payload, leaseOwner: _owner, leaseUntil: _until, ...rest } = r;
  return rest;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
