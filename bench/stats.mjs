// What the benchmarks share to report their figures: the median, and a byte count as a size label.

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** The median of a list of numbers (NaN for none). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** "8 B", "64 KiB", "4 MiB": a size in the largest unit that divides it. */
export function sizeLabel(s) {
  if (s >= MiB && s % MiB === 0) return `${s / MiB} MiB`;
  if (s >= KiB && s % KiB === 0) return `${s / KiB} KiB`;
  return `${s} B`;
}

/** "8", "1K", "4M", "64KiB": a message size in bytes; throws on anything else. */
export function parseSize(text) {
  const m = /^(\d+)([kKmM]?)(i?[bB])?$/.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}"`);
  return Number(m[1]) * (m[2] === "" ? 1 : /k/i.test(m[2]) ? KiB : MiB);
}
