// The TypeScript examples in docs/, and the @example blocks of the facade's doc comments, type-check
// against wmpi's published types (dist/index.d.ts), strict: wmpiexec transpiles without checking types, so only this catches an example that calls
// a method with the wrong types or one the facade does not declare.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { fencedBlocks } from "../scripts/docs/blocks.mjs";
// @ts-expect-error: a plain ES module without declarations
import { docCommentExamples } from "../scripts/docs/doc-examples.mjs";
// @ts-expect-error: a plain ES module without declarations
import { docPages } from "../scripts/docs/pages.mjs";
import { runCommand } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "wmpi-docs-types-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("every ts example of the pages and the doc comments type-checks", async () => {
  let count = 0;
  for (const page of docPages(root)) {
    for (const block of fencedBlocks(readFileSync(path.join(root, page), "utf8"))) {
      if (block.lang !== "ts" || !(block.options.run || block.options.file)) continue;
      // one folder per block, named after its page and line, so that tsc's messages say where it is
      const folder = path.join(dir, `${page.replace(/\W/g, "_")}-line-${block.line}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, block.options.file ? String(block.options.file) : "example.ts"), block.text);
      count++;
    }
  }
  const comments = docCommentExamples(root);
  for (const ex of comments) {
    const folder = path.join(dir, `${ex.file.replace(/\W/g, "_")}-line-${ex.line}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "example.ts"), ex.text);
  }
  expect(count).toBeGreaterThan(10);
  expect(comments.length).toBeGreaterThanOrEqual(4);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2022", module: "ESNext", moduleResolution: "bundler", lib: ["ES2024", "DOM"],
      strict: true, noEmit: true, skipLibCheck: true,
      types: ["node"], typeRoots: [path.join(root, "node_modules/@types")],
      paths: { "wmpi": [path.join(root, "dist/index.d.ts")], "wmpi/browser": [path.join(root, "dist/browser/index.d.ts")] },
    },
    include: ["**/*.ts"],
  }));
  const tsc = await runCommand(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir });
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.code).toBe(0);
});
