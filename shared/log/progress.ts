/**
 * Per-region progress of a run. Two renderings of one interface:
 *  - live: a block of one line per region, redrawn in place with ANSI cursor moves (a terminal);
 *  - plain: one log event per region state change (pipes, CI, OCI Functions), through the logger so
 *    that JSON log output stays one JSON object per line.
 */
import type { Logger, LogStream } from './logger.ts';

export const REGION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RegionStatus = (typeof REGION_STATUSES)[number];

export interface RegionProgress {
  pages: number;
  resources: number;
  status: RegionStatus;
}

export interface ProgressReporter {
  update(region: string, progress: RegionProgress): void;
  /** Final render; later updates are ignored. */
  done(): void;
}

/** Live redrawing only makes sense on a terminal; anything else gets plain lines. */
export function shouldShowLiveProgress(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}

export interface ProgressOptions {
  /** Where the live block is drawn (normally process.stderr). */
  stream: LogStream & { isTTY?: boolean; columns?: number };
  /** Where plain progress events go. */
  logger: Logger;
  clock?: () => Date;
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  return shouldShowLiveProgress(options.stream)
    ? createLiveProgress(options.stream, options.clock)
    : createPlainProgress(options.logger);
}

/** One `info` event per region whenever its status changes; page/resource ticks alone write nothing. */
export function createPlainProgress(logger: Logger): ProgressReporter {
  const lastStatus = new Map<string, RegionStatus>();
  let finished = false;
  return {
    update(region, progress) {
      if (finished || lastStatus.get(region) === progress.status) return;
      lastStatus.set(region, progress.status);
      const fields = { region, pages: progress.pages, resources: progress.resources };
      if (progress.status === 'failed') logger.warn(`region ${progress.status}`, fields);
      else logger.info(`region ${progress.status}`, fields);
    },
    done() {
      finished = true;
    },
  };
}

const ESC = '\u001b[';
/** Redraws at most this often; status changes and `done()` always redraw. */
const LIVE_REDRAW_INTERVAL_MS = 100;

/** A block of lines (one per region, sorted) redrawn in place. */
export function createLiveProgress(
  stream: LogStream & { columns?: number },
  clock: () => Date = () => new Date(),
): ProgressReporter {
  const regions = new Map<string, RegionProgress>();
  let linesDrawn = 0;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let finished = false;

  const draw = (): void => {
    const names = [...regions.keys()].sort();
    const width = Math.max(...names.map((name) => name.length));
    const lines = names.map((name) => {
      const p = regions.get(name) as RegionProgress;
      const line = `${name.padEnd(width)}  ${p.status.padEnd(7)}  pages ${p.pages}  resources ${p.resources}`;
      // A wrapped line would break the cursor arithmetic of the next redraw.
      return stream.columns !== undefined && stream.columns > 1 ? line.slice(0, stream.columns - 1) : line;
    });
    const moveUp = linesDrawn > 0 ? `${ESC}${linesDrawn}A\r` : '';
    stream.write(moveUp + lines.map((line) => `${ESC}2K${line}\n`).join(''));
    linesDrawn = lines.length;
    lastDrawAt = clock().getTime();
  };

  return {
    update(region, progress) {
      if (finished) return;
      const statusChanged = regions.get(region)?.status !== progress.status;
      regions.set(region, { ...progress });
      if (statusChanged || clock().getTime() - lastDrawAt >= LIVE_REDRAW_INTERVAL_MS) draw();
    },
    done() {
      if (finished) return;
      finished = true;
      if (regions.size > 0) draw();
    },
  };
}
