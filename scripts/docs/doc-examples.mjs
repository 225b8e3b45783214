// The `@example` code blocks of the doc comments in ts/ (the facade and the browser entry), which
// the API reference shows; test/docs-types.test.ts type-checks them as it does the pages' examples.
// An example with no import of its own is a fragment of a program that starts with EXAMPLE_PRELUDE
// (docs/api.md says so), so that a method's example shows the call, not the same set-up each time.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const EXAMPLE = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;

/** What an example without imports may take as given. */
export const EXAMPLE_PRELUDE = `import { MPI } from "wmpi";
const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank(), size = comm.Get_size();
`;

/**
 * @param {string} root the repository root
 * @returns {{ file: string, line: number, text: string }[]} text: the example as a whole program
 */
export function docCommentExamples(root) {
  const examples = [];
  const files = readdirSync(path.join(root, "ts"), { recursive: true }).map((f) => String(f).split(path.sep).join("/"));
  for (const name of files.filter((f) => f.endsWith(".ts")).sort()) {
    const source = readFileSync(path.join(root, "ts", name), "utf8");
    for (const m of source.matchAll(EXAMPLE)) {
      const text = m[1].split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n") + "\n";
      examples.push({ file: `ts/${name}`, line: source.slice(0, m.index).split("\n").length, text: /^import /m.test(text) ? text : EXAMPLE_PRELUDE + text });
    }
  }
  return examples;
}
