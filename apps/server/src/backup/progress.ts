/** Progress of a long backup job: the CLI prints it on stderr, the schedule ignores it. */
export type ProgressEvent =
  | { step: 'snapshot'; message: string }
  | { step: 'tables'; done: number; total: number; table?: string }
  | { step: 'blobs'; done: number; total: number; bytes: number }
  | { step: 'copy'; bytes: number; total: number };

export type Progress = (e: ProgressEvent) => void;

export const noProgress: Progress = () => undefined;

/** True at most once every `ms` (the first call is due): keeps frequent progress events sparse. */
export function rateLimiter(ms = 250): () => boolean {
  let last = -Infinity;
  return () => {
    const now = performance.now();
    if (now - last < ms) return false;
    last = now;
    return true;
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Writes progress lines to a stream: on a terminal one line updated in place, otherwise (logs, CI)
 * at most one line every two seconds per step, plus each step's last line.
 */
export function streamProgress(out: NodeJS.WritableStream & { isTTY?: boolean }): Progress {
  const last = new Map<string, number>();
  let inPlace = false;
  return (e) => {
    const line = describe(e);
    const finished = 'done' in e ? e.done === e.total : 'bytes' in e && 'total' in e ? e.bytes >= e.total : true;
    if (out.isTTY) {
      out.write(`\r\x1b[2K${line}`);
      inPlace = !finished;
      if (finished) out.write('\n');
      return;
    }
    const now = Date.now();
    if (!finished && now - (last.get(e.step) ?? 0) < 2000) return;
    last.set(e.step, now);
    if (inPlace) out.write('\n');
    out.write(`${line}\n`);
  };
}

function describe(e: ProgressEvent): string {
  switch (e.step) {
    case 'snapshot':
      return e.message;
    case 'tables':
      return `tables ${e.done}/${e.total}${e.table ? ` (${e.table})` : ''}`;
    case 'blobs':
      return `blobs ${e.done}/${e.total}, ${formatBytes(e.bytes)}`;
    case 'copy':
      return `snapshot ${formatBytes(e.bytes)} of ${formatBytes(e.total)}`;
  }
}
