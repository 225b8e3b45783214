// Progress of a suite run: on a terminal one bar redrawn in place (steps done, the step's own
// progress where its output says "k/n", elapsed time, its last output line); elsewhere (CI logs,
// tests, a file) one plain line per step start and end, since carriage returns make logs unreadable.

/** The fraction of a step done, from a benchmark's "[3/8]" or "round 2/3" output; undefined if none. */
export function stepFraction(line) {
  const m = /(?:\[|round\s+)(\d+)\s*\/\s*(\d+)/.exec(line);
  return m && Number(m[2]) > 0 ? Math.min(1, Number(m[1]) / Number(m[2])) : undefined;
}

/** The bar: "[#####-----]" of `width` cells for a fraction in [0, 1]. */
export function bar(fraction, width = 24) {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}

/** A progress reporter over `total` steps writing to `stream` (process.stderr by default). */
export function createProgress(total, stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const t0 = Date.now();
  let index = 0;
  let name = "";
  let sub = 0;
  let last = "";
  let ticker;
  const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
  const draw = () => {
    const text = `${bar((index + sub) / total)} ${index}/${total} ${elapsed()} ${name}: ${last}`;
    const cols = stream.columns ?? 100;
    stream.write(`\r${text.slice(0, cols - 1).padEnd(cols - 1)}`);
  };
  return {
    /** A step begins. */
    start(stepName) {
      name = stepName;
      sub = 0;
      last = "starting";
      if (tty) {
        draw();
        // a benchmark may print nothing for a minute: keep the clock moving so it does not look hung
        ticker = setInterval(draw, 1000);
        ticker.unref();
      }
      else stream.write(`[${index + 1}/${total}] ${name}: started (${elapsed()})\n`);
    },
    /** A line of the running step's output. */
    line(text) {
      const t = text.trim();
      if (!t || t.startsWith("{")) return;
      last = t;
      sub = stepFraction(t) ?? sub;
      if (tty) draw();
    },
    /** The step ended with a status ("ok", "failed", "skipped") and an optional note. */
    end(status, note = "") {
      index++;
      sub = 0;
      clearInterval(ticker);
      if (tty) stream.write(`\r${"".padEnd((stream.columns ?? 100) - 1)}\r`);
      stream.write(`[${index}/${total}] ${name}: ${status}${note ? ` (${note})` : ""} ${elapsed()}\n`);
      if (tty && index < total) draw();
    },
  };
}
