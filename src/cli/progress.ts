// A progress bar on a terminal, a line every 10% elsewhere.
import cliProgress from 'cli-progress';
import type { CliContext } from './context.ts';

export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

/** With `rate`, the bar also shows how many units per second this run has done (e.g. `rate: { unit: 'people', from: 1200 }`). */
export function progressReporter(
  ctx: Pick<CliContext, 'interactive' | 'stderr'>, total: number, rate?: { readonly unit: string; readonly from: number },
): ProgressReporter {
  if (ctx.interactive) {
    const bar = new cliProgress.SingleBar(
      {
        stream: ctx.stderr as NodeJS.WriteStream,
        format: `  {bar} {percentage}% | {value}/{total} | {eta_formatted} left${rate ? ` | {rate} ${rate.unit}/s` : ''}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = performance.now();
    const perSecond = (done: number) => Math.round((done - (rate?.from ?? 0)) / Math.max(0.001, (performance.now() - started) / 1000)).toLocaleString('en');
    bar.start(total, rate?.from ?? 0, { rate: '0' });
    return { update: (done) => bar.update(done, { rate: perSecond(done) }), stop: () => bar.stop() };
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

/**
 * For progress lines where no bar is drawn: answers true at most once per `everyMs` (one second by default), and
 * always for the last update, so a long run prints a steady trickle of lines a log or a test can wait for.
 */
export function lineThrottle(everyMs = 1000): (done: number, total: number) => boolean {
  let lineAt = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - lineAt < everyMs && done !== total) return false;
    lineAt = now;
    return true;
  };
}
