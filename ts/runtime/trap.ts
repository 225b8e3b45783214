/**
 * How a trapped rank is described (a C program's out-of-bounds access,
 * unreachable, stack overflow): the trap and its wasm frames. Shared by the
 * Node rank (c-program.ts) and the browser rank (browser/rank-worker.ts).
 */

/** Frames of a trap's stack worth showing. */
const MAX_FRAMES = 12;

/** "memory access out of bounds\n    at main (wasm...)": the trap and its wasm frames, repeats folded. */
export function describeTrap(e: Error): string {
  const what = e instanceof RangeError && /call stack/i.test(e.message) ? "stack overflow (call stack exhausted)" : e.message;
  const frames = (e.stack ?? "").split("\n").filter((l) => l.includes("wasm://") || l.includes("wasm-function"));
  const out: string[] = [];
  for (let i = 0; i < frames.length && out.length < MAX_FRAMES; ) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[i]) j++;
    out.push(frames[i].trim().replace(/^at /, "at ") + (j > i ? ` (x${j - i + 1})` : ""));
    i = j + 1;
  }
  return [what, ...out.map((f) => `    ${f}`)].join("\n");
}
