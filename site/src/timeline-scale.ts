// The timeline's time axis: the visible range of times (µs) mapped onto pixels, zoomed and panned
// within limits, with "nice" tick marks and durations written the way a person reads them.

/** The narrowest range one can zoom into, µs: below this, the browser's clock says nothing. */
const MIN_SPAN_US = 2;

export class TimeScale {
  /** visible range, µs */
  t0 = 0;
  t1 = 1000;
  /** pixels: where the time area starts (after the lane labels) and how wide it is */
  x0 = 0;
  width = 1;

  span(): number {
    return this.t1 - this.t0;
  }

  x(t: number): number {
    return this.x0 + ((t - this.t0) / this.span()) * this.width;
  }

  time(x: number): number {
    return this.t0 + ((x - this.x0) / this.width) * this.span();
  }

  /** Shows [from, to] with a little room on both sides, so the first and last bars are not cut. */
  fit(from: number, to: number): void {
    const span = Math.max(to - from, MIN_SPAN_US * 10);
    this.t0 = from - span * 0.02;
    this.t1 = from + span * 1.03;
  }

  /** Zooms by `factor` (< 1 zooms in) keeping time `at` where it is on the screen. */
  zoom(factor: number, at = (this.t0 + this.t1) / 2, limit = Infinity): void {
    const span = Math.min(Math.max(this.span() * factor, MIN_SPAN_US), limit);
    const f = (at - this.t0) / this.span();
    this.t0 = at - f * span;
    this.t1 = this.t0 + span;
  }

  /** Moves the range by `dt` µs. */
  pan(dt: number): void {
    this.t0 += dt;
    this.t1 += dt;
  }

  /** Ticks for about one per `px` pixels, at 1, 2 or 5 times a power of ten, with their labels. */
  ticks(px = 110): { times: number[]; labels: string[] } {
    const raw = (this.span() * px) / this.width;
    const pow = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
    const times: number[] = [];
    for (let i = Math.ceil(this.t0 / step); i * step <= this.t1; i++) times.push(i * step + 0); // + 0: no "-0"
    // one unit for the whole axis (the one its far end needs) and as many decimals as the step
    // needs, so 141.2 ms and 141.4 ms do not both read "141 ms"
    const far = Math.max(Math.abs(this.t0), Math.abs(this.t1));
    const [unit, name] = far >= 1e6 ? [1e6, "s"] : far >= 1e3 ? [1e3, "ms"] : [1, "µs"];
    const decimals = Math.max(0, Math.ceil(-Math.log10(step / unit) - 1e-9));
    return { times, labels: times.map((t) => `${(t / unit).toFixed(decimals)} ${name}`) };
  }
}

/** A time or duration in µs, in the unit that keeps it short: "850 µs", "12.5 ms", "2.35 s". */
export function formatTime(us: number): string {
  const a = Math.abs(us);
  if (a >= 1e6) return `${trim(us / 1e6)} s`;
  if (a >= 1e3) return `${trim(us / 1e3)} ms`;
  return `${trim(us)} µs`;
}

/** Three significant digits at most, without trailing zeros. */
function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** Bytes as a person reads them: exact while that is short ("8000 bytes": 1000 doubles), then "64 KiB". */
export function formatBytes(n: number): string {
  if (n < 64 * 1024) return `${n} byte${n === 1 ? "" : "s"}`;
  if (n < 1024 * 1024) return `${trim(n / 1024)} KiB`;
  return `${trim(n / 1024 / 1024)} MiB`;
}
