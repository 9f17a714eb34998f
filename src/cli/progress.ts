import type { BuildProgress } from "../config.js";

export interface ProgressSink {
  update(progress: BuildProgress): void;
  /** Clear the bar before the summary is printed. */
  end(): void;
}

interface Stream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * On a terminal: one redrawn line with a bar, done/total, rate and ETA. In CI (CI=true) or
 * through a pipe: a plain line every 10 % or 10 seconds, so logs stay readable.
 */
export function progressReporter(
  stream: Stream,
  env: NodeJS.ProcessEnv,
  now: () => number = () => performance.now(),
): ProgressSink {
  const started = now();
  const tty = Boolean(stream.isTTY) && env["CI"] !== "true";
  let lastLine = 0;
  let lastPercent = -1;
  let drawn = false;
  const describe = (p: BuildProgress) => {
    const seconds = (now() - started) / 1000;
    const rate = p.done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? (p.total - p.done) / rate : 0;
    return `${p.done}/${p.total} articles · ${rate.toFixed(1)}/s · ETA ${formatSeconds(eta)}`;
  };
  return {
    update(p) {
      if (p.total < 2) return;
      if (tty) {
        const width = 24;
        const filled = Math.round((p.done / p.total) * width);
        const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${describe(p)}`;
        stream.write(`\r${line.slice(0, (stream.columns ?? 80) - 1)}\u001b[K`);
        drawn = true;
        return;
      }
      const percent = Math.floor((p.done / p.total) * 10) * 10;
      const elapsed = now() - lastLine;
      if (p.done === p.total || percent > lastPercent || elapsed > 10_000) {
        lastPercent = percent;
        lastLine = now();
        stream.write(`tilpress: ${describe(p)}\n`);
      }
    },
    end() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
