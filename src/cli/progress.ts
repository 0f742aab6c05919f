// A progress bar on a terminal, a line every 10% elsewhere.
import cliProgress from 'cli-progress';
import type { CliContext } from './context.ts';

export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressReporter(ctx: Pick<CliContext, 'interactive' | 'stderr'>, total: number): ProgressReporter {
  if (ctx.interactive) {
    const bar = new cliProgress.SingleBar(
      { stream: ctx.stderr as NodeJS.WriteStream, format: '  {bar} {percentage}% | {value}/{total} | {eta_formatted} left', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let nextTenth = 1;
  return {
    update(done, all) {
      while (done >= (all * nextTenth) / 10 && nextTenth <= 10) {
        ctx.stderr.write(`  ${nextTenth * 10}% (${done}/${all})\n`);
        nextTenth++;
      }
    },
    stop() {},
  };
}
