// How test/docs.test.ts reads a page: which blocks are runnable examples, their commands, their
// expected output and the files written beside them; and the mistakes in a page it refuses.

import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { comparableLines, fencedBlocks, parseRunLine, runnableExamples } from "../scripts/docs/blocks.mjs";

const fence = "```";
const page = [
  "# A page",
  `${fence}ts file=worker.ts`,
  "export const x = 1;",
  fence,
  `${fence}sh`,
  "npx wmpiexec -n 2 app.ts",
  fence,
  `${fence}ts run`,
  "// npx wmpiexec -n 3 --mode process example.ts a b",
  "console.log(1);",
  fence,
  `${fence}output`,
  "rank 1",
  "rank 0",
  fence,
  `${fence}\`\``,
  "a block holding a fence:",
  fence,
  `${fence}\`\``,
].join("\n");

describe("docs blocks", () => {
  it("finds every fenced block, a longer fence holding a shorter one", () => {
    const blocks = fencedBlocks(page);
    expect(blocks.map((b: { lang: string }) => b.lang)).toEqual(["ts", "sh", "ts", "output", ""]);
    expect(blocks[4].text).toBe(`a block holding a fence:\n${fence}\n`);
  });

  it("reads a runnable example's command, output and the files above it", () => {
    const [ex] = runnableExamples(page);
    expect(ex).toMatchObject({ lang: "ts", line: 8, np: 3, launcher: ["-n", "3", "--mode", "process"], program: "example.ts", args: ["a", "b"] });
    expect(ex.expected).toBe("rank 1\nrank 0\n");
    expect(ex.files).toEqual([{ name: "worker.ts", text: "export const x = 1;\n" }]);
  });

  it("refuses a runnable block without an output block or without its command", () => {
    expect(() => runnableExamples(`${fence}ts run\n// npx wmpiexec -n 2 example.ts\n${fence}\n`)).toThrow(/line 1: a runnable block must be followed by an output block/);
    expect(() => runnableExamples(`${fence}ts run\nconsole.log(1);\n${fence}\n${fence}output\n1\n${fence}\n`)).toThrow(/line 1: the first line must be the command/);
    expect(() => parseRunLine("ts", "// npx wmpiexec example.ts")).toThrow(/no rank count/);
    expect(() => parseRunLine("c", "// npx wmpiexec -n 2 example.ts")).toThrow(/example\.wasm/);
    expect(() => parseRunLine("py", "// npx wmpiexec -n 2 example.py")).toThrow(/cannot be run/);
  });

  it("compares output as sorted lines without trailing blanks", () => {
    expect(comparableLines("rank 1: b  \n\nrank 0: a\n")).toEqual(["rank 0: a", "rank 1: b"]);
  });
});
