// Every runnable example in docs/ (a ```ts run block whose first line is its command, such as
// `// npx wmpiexec -n 4 example.ts`, and the ```output block after it) runs with that command
// and prints what the page shows; C examples are built with `wmpicc -O2` first.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { comparableLines, PROGRAM, runnableExamples } from "../scripts/docs/blocks.mjs";
// @ts-expect-error: a plain ES module without declarations
import { docPages } from "../scripts/docs/pages.mjs";
import { runCommand } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const wmpiexec = path.join(root, "bin/wmpiexec.js");
const wmpicc = path.join(root, "bin/wmpicc.js");
const work = mkdtempSync(path.join(tmpdir(), "wmpi-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes the example (and the files the page declared above it) into a fresh directory and runs its command there. */
async function run(page: string, ex: ReturnType<typeof runnableExamples>[number]) {
  const dir = path.join(work, `${page.replace(/\W/g, "_")}-${ex.line}`);
  mkdirSync(dir, { recursive: true });
  for (const f of ex.files) writeFileSync(path.join(dir, f.name), f.text);
  const source = PROGRAM[ex.lang as keyof typeof PROGRAM];
  writeFileSync(path.join(dir, source), ex.source);
  if (ex.lang === "c") {
    const cc = await runCommand(process.execPath, [wmpicc, "-O2", "-o", ex.program, source], { cwd: dir, timeoutMs: 120_000 });
    if (cc.code !== 0) throw new Error(`${page}:${ex.line}: wmpicc failed\n${cc.stderr}`);
  }
  return runCommand(process.execPath, [wmpiexec, ...ex.launcher, ex.program, ...ex.args], { cwd: dir, timeoutMs: 60_000 });
}

// the README's example too: the front door must not show a program that does not run
for (const page of [...docPages(root), "README.md"]) {
  const examples = runnableExamples(readFileSync(path.join(root, page), "utf8"));
  if (examples.length === 0) continue;
  describe(page, () => {
    for (const ex of examples) {
      it(`line ${ex.line}: ${ex.lang} on ${ex.np} rank${ex.np > 1 ? "s" : ""}`, async () => {
        const out = await run(page, ex);
        expect(out.code, `exit code; stderr:\n${out.stderr}`).toBe(0);
        expect(comparableLines(out.stdout), `${page}:${ex.line} printed:\n${out.stdout}`).toEqual(comparableLines(ex.expected));
      });
    }
  });
}
