// A browser rank's console (ts/browser/console-lines.ts) formats as Node's console does under
// wmpiexec (util.format), so a program prints the same text in both: checked value by value.
import { format } from "node:util";
import { describe, expect, it } from "vitest";
import { formatArgs } from "../ts/browser/console-lines.js";

const cases: unknown[][] = [
  ["hello", "world"],
  [`rank ${3}: got`, 2.5, "and", { from: 2, list: [1, "two", { three: 3 }] }],
  [1, -0.5, 1e21, NaN, true, null, undefined],
  [10n, Symbol("s")],
  [[1, 2, 3], [], {}, [[1, [2, [3]]]]],
  [{ a: { b: { c: { d: 1 } } } }],
  [new Float64Array([1.5, 2]), new Int32Array(0), new Uint8Array([255])],
  [new Map([["k", 1]]), new Set([1, "x"])],
  ["%s is %d years and %i days, %f%%", "Ada", 36.6, 4.9, 0.5],
  ["%O and %j", [1], { a: 1 }],
  ["%s", { a: [1, 2] }, "extra"],
  ["no args left %s %d"],
  [{ "needs quotes": 1, ok_name: "v" }],
  [function named() {}, () => {}],
  [Array.from({ length: 30 }, (_, i) => i * 1000)],
  [new Float64Array(200).map((_, i) => i / 4)],
  [Array.from({ length: 12 }, (_, i) => `item${i}`)],
  [{ matrix: [[1, 2, 3], [4, 5, 6]], name: "grid", values: new Int32Array([1, 2, 3, 4, 5, 6, 7, 8]) }],
  [{ long: "a fairly long string value that goes on", other: "and another fairly long string", third: 3 }],
  ["it's", { s: "it's", q: 'say "hi"', nl: "a\nb" }],
  [-0, [-0], new Date(0)],
  [[undefined, null, true, 1.25e-7]],
];

describe("a browser rank's console.log", () => {
  for (const args of cases)
    it(`formats ${format(...args).slice(0, 60).replace(/\n/g, " ")} as Node does`, () => {
      expect(formatArgs(args)).toBe(format(...args));
    });
});
