// MPI-IO in browser ranks (issue 8, section 3): a job's files live in the Origin Private File System
// (or in memory where it is unavailable), kept by the job's file worker, which every rank calls
// synchronously (ts/browser/file-*.ts). The MPI-IO C suite (test/c/io/testlist: every program
// checks its file byte by byte with POSIX read()) runs in headless Chromium on OPFS at the rank
// counts it has under wmpiexec, and its collective part on the memory store; a TypeScript program's
// MPI.File leaves a file the page reads back from OPFS; error classes; a job without files.
// Without Chromium every test is skipped, with the reason in its name.

import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { chromiumProblem } from "../scripts/chromium.mjs";
import { startBrowserRig, type BrowserRig } from "./harness/browser.js";
import { buildSuite, readTestlist } from "./harness/ctest.js";

interface Result {
  code: number;
  failure?: string;
  output: { rank: number; stream: string; line: string }[];
  files?: { store: string; fallback?: string };
}

const root = path.resolve(import.meta.dirname, "..");
const suite = path.join(root, "test/c/io");
const built = path.join(root, "build/browser-io");
const testlist = readTestlist(path.join(suite, "testlist"));
const problem: string | undefined = await chromiumProblem();
const skip = problem ?? (existsSync(path.join(root, "dist/web/file-worker.js")) ? undefined : "dist/web is not built (npm run build)");
/** Every test's files go below this directory of the origin's OPFS, removed before and after. */
const TOP = "wmpi-tests";

let rig: BrowserRig | undefined;
let page: Page;

/** Runs a job from the test page: `files` as startJob takes it; `more` other options. */
function run(np: number, program: string, files: unknown, more: Record<string, unknown> = {}): Promise<Result> {
  return page.evaluate(
    ([np, program, files, more]) =>
      (window as unknown as { wmpi: { startJob(o: unknown): { result: Promise<Result> } } }).wmpi.startJob({ np, program, files, ...more }).result,
    [np, program, files, more] as const,
  );
}

/** Removes TOP from the origin's OPFS (nothing there is fine). */
function clean(): Promise<void> {
  return page.evaluate(async (top) => {
    const dir = await navigator.storage.getDirectory();
    await dir.removeEntry(top, { recursive: true }).catch(() => {});
  }, TOP);
}

const lines = (r: Result) => r.output.map((l) => l.line);
const ranks = (np: number) => `${np} rank${np > 1 ? "s" : ""}`;

describe.skipIf(skip !== undefined)(`MPI-IO in browser ranks${skip ? ` (skipped: ${skip})` : ""}`, () => {
  beforeAll(async () => {
    mkdirSync(built, { recursive: true });
    await buildSuite(built, suite, [...new Set(testlist.map((t) => t.name))]);
    rig = await startBrowserRig();
    page = await rig.browser.newPage();
    await page.goto(`${rig.isolated.url}/test/browser/blank.html`);
    await page.waitForFunction(() => (window as unknown as { wmpi?: unknown }).wmpi !== undefined, null, { timeout: 30_000 });
    await clean();
  }, 600_000);
  afterAll(async () => {
    if (page) await clean();
    await rig?.close();
  });

  describe("the MPI-IO C suite on OPFS", () => {
    for (const { name, np } of testlist) {
      if (name === "big_offsets") continue;
      it(`${name} at ${ranks(np)}`, async () => {
        const r = await run(np, `/build/browser-io/${name}.wasm`, { store: "opfs", directory: `${TOP}/c/${name}-${np}` });
        expect(r.files).toEqual({ store: "opfs" });
        expect({ code: r.code, failure: r.failure, output: lines(r) }).toEqual({ code: 0, failure: undefined, output: [" No Errors"] });
      });
    }

    it("big_offsets: a file past 4 GiB, more than Chromium's OPFS keeps, fails with MPI_ERR_IO on every rank instead of wrong data", async () => {
      const r = await run(3, "/build/browser-io/big_offsets.wasm", { store: "opfs", directory: `${TOP}/c/big` });
      const writes = lines(r).filter((l) => /MPI_File_write_at(_all)?\(/.test(l));
      expect(writes.length).toBeGreaterThanOrEqual(3);
      for (const l of writes) expect(l).toMatch(/returned 32$/); // MPI_ERR_IO (EFBIG)
    });
  });

  describe("the collective part of the suite on the memory store", () => {
    for (const { name, np } of testlist.filter((t) => t.np === 4 && /_all|ordered|shared|view_|coll_rounds/.test(t.name)))
      it(`${name} at ${ranks(np)}`, async () => {
        const r = await run(np, `/build/browser-io/${name}.wasm`, "memory");
        expect(r.files).toEqual({ store: "memory" });
        expect({ code: r.code, output: lines(r) }).toEqual({ code: 0, output: [" No Errors"] });
      });
  });

  for (const np of [1, 2, 4])
    it(`MPI.File from a TypeScript program on ${ranks(np)}: the page reads the file back from OPFS`, async () => {
      const directory = `${TOP}/ts-${np}`;
      const r = await run(np, "/test/browser/programs/io.ts", { store: "opfs", directory });
      expect(r.failure).toBeUndefined();
      const want = Array.from({ length: np }, (_, k) => `rank ${k}: neighbour right, log ${np * 7} bytes, missing ERR_NO_SUCH_FILE, exists ERR_FILE_EXISTS, up no error`);
      expect(lines(r).sort()).toEqual(want);
      const file = await page.evaluate(async (directory) => {
        const list = async (d: FileSystemDirectoryHandle) => {
          const names: string[] = [];
          for await (const k of (d as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(k);
          return names.sort();
        };
        const origin = await navigator.storage.getDirectory();
        let dir = origin;
        for (const name of directory.split("/")) dir = await dir.getDirectoryHandle(name);
        const bytes = await (await (await dir.getFileHandle("grid.bin")).getFile()).arrayBuffer();
        const top = await list(await origin.getDirectoryHandle(directory.split("/")[0]));
        return { names: await list(dir), top, doubles: Array.from(new Float64Array(bytes)) };
      }, directory);
      expect(file.names).toEqual(["grid.bin", "up.bin"]); // the log was deleted on close; ../up.bin stayed inside
      expect(file.top.filter((n) => n.endsWith(".bin"))).toEqual([]);
      expect(file.doubles).toEqual(Array.from({ length: np * 1000 }, (_, i) => i));
    });

  it("the memory store serves the same program; its files go with the job", async () => {
    const r = await run(2, "/test/browser/programs/io.ts", "memory");
    expect(r.files).toEqual({ store: "memory" });
    expect(lines(r).sort()).toEqual([0, 1].map((k) => `rank ${k}: neighbour right, log 14 bytes, missing ERR_NO_SUCH_FILE, exists ERR_FILE_EXISTS, up no error`));
  });

  it("where the browser has no OPFS, the job runs on the memory store and the result says why", async () => {
    const r = await run(4, "/build/browser-io/at_all.wasm", "opfs", { fileWorkerUrl: "/test/browser/no-opfs-worker.js" });
    expect({ code: r.code, output: lines(r) }).toEqual({ code: 0, output: [" No Errors"] });
    expect(r.files).toEqual({ store: "memory", fallback: "the Origin Private File System is unavailable: navigator.storage.getDirectory is missing" });
  });

  it("a job started without files: opening one fails with an MPI error naming the call", async () => {
    const r = await run(2, "/test/browser/programs/io.ts", false);
    expect(r.files).toBeUndefined();
    expect(r.code).toBe(1);
    expect(r.failure).toMatch(/^rank \d failed: MPI\.Exception: MPI_File_open: cannot open "grid\.bin"/);
  });

  it("a bad files option fails the job before any rank starts", async () => {
    const r = await run(2, "/test/browser/programs/io.ts", { store: "disk" });
    expect(r.code).toBe(1);
    expect(r.failure).toContain('the store is "opfs" or "memory" (got "disk")');
  });
});
