// The `@example` code blocks of the facade's doc comments (ts/mpi/*.ts), which the API reference
// shows; test/docs-types.test.ts type-checks them as it does the pages' examples.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const EXAMPLE = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;

/**
 * @param {string} root the repository root
 * @returns {{ file: string, line: number, text: string }[]}
 */
export function docCommentExamples(root) {
  const dir = path.join(root, "ts/mpi");
  const examples = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    const source = readFileSync(path.join(dir, name), "utf8");
    for (const m of source.matchAll(EXAMPLE)) {
      const text = m[1].split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n") + "\n";
      examples.push({ file: `ts/mpi/${name}`, line: source.slice(0, m.index).split("\n").length, text });
    }
  }
  return examples;
}
