// The C conformance suite and the classic C examples (issue 6, section 3): every program of
// test/c/conformance/testlist is compiled with wmpicc and run with wmpiexec at its rank count and
// must print " No Errors"; examples/c (cpi, ring, jacobi) build unchanged and print the expected
// results, jacobi the same checksum at any rank count, in threads and in processes. Where MPICH is
// installed, the examples also build with mpicc.mpich and print the same results under mpiexec.mpich.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSuite, hasMpich, readTestlist, wmpicc, WMPIEXEC as wmpiexec } from "./harness/ctest.js";
import { runCommand } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const suite = path.join(root, "test/c/conformance");
const examples = path.join(root, "examples/c");
const dir = mkdtempSync(path.join(tmpdir(), "wmpi-conf-"));
const out = (name: string) => path.join(dir, name);

const testlist = readTestlist(path.join(suite, "testlist"));
const programs = [...new Set(testlist.map((t) => t.name))];
const exampleNames = ["cpi", "ring", "jacobi"];

const cc = (args: string[]) => wmpicc(dir, args);
const run = (np: number, prog: string, args: string[] = [], launcher: string[] = []) =>
  runCommand(process.execPath, [wmpiexec, "-n", String(np), ...launcher, out(prog), ...args], { timeoutMs: 60_000 });

beforeAll(async () => {
  await buildSuite(dir, suite, programs);
  for (const e of exampleNames) await cc(["-O2", path.join(examples, `${e}.c`), "-lm", "-o", out(`${e}.wasm`)]);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the C conformance suite (test/c/conformance/testlist)", () => {
  it("lists every program of the folder, at 1 to 5 ranks, odd counts included", () => {
    const sources = readdirSync(suite)
      .filter((f) => f.endsWith(".c"))
      .map((f) => f.slice(0, -2))
      .sort();
    expect(programs.slice().sort()).toEqual(sources);
    expect(testlist.length).toBeGreaterThanOrEqual(25);
    const counts = new Set(testlist.map((t) => t.np));
    for (const np of [1, 2, 3, 4, 5]) expect(counts.has(np), `no program at ${np} ranks`).toBe(true);
  });
  for (const { name, np } of testlist) {
    it(`${name} at ${np} rank${np > 1 ? "s" : ""}`, async () => {
      const r = await run(np, `${name}.wasm`);
      expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 0, stdout: " No Errors\n" });
    });
  }
});

const PI_1E6 = /^pi is approximately 3\.14159265358\d+, Error is 0\.0000000000\d+\nwall clock time = \d+\.\d+\n$/;
const checksum = (stdout: string) => /^checksum (\d+), last change (\S+)$/m.exec(stdout)?.slice(1).join(" ");

describe("classic C examples (examples/c)", () => {
  it("cpi integrates pi with the intervals from argv", async () => {
    const r = await run(3, "cpi.wasm", ["1000000"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(PI_1E6);
    expect(r.stderr.split("\n").filter((l) => /^Process \d of 3 is on /.test(l))).toHaveLength(3);
  });
  it("ring passes a token around the ring for the laps from argv", async () => {
    for (const np of [1, 4]) {
      const r = await run(np, "ring.wasm", ["5"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`token after 5 laps of ${np} processes: ${(5 * np * (np - 1)) / 2}\n`);
    }
  });
  it("jacobi prints the same checksum at 1, 2 and 4 ranks and with --ppn 2", async () => {
    const sums: string[] = [];
    for (const [np, launcher] of [[1, []], [2, []], [4, []], [4, ["--ppn", "2"]]] as const) {
      const r = await run(np, "jacobi.wasm", [], [...launcher]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`jacobi 64x48, 500 iterations on a ${np === 4 ? "2x2" : `${np}x1`} process grid\n`);
      sums.push(checksum(r.stdout) ?? `no checksum in: ${r.stdout}`);
    }
    // The sum of round(u * 1e6) over the plate; the same value is what native MPICH prints.
    expect(sums).toEqual(Array(4).fill("84590801265 5.440340e-02"));
  });

  const mpich = hasMpich();
  it.skipIf(!mpich)("the examples print the same with native mpicc.mpich and mpiexec.mpich", async () => {
    for (const [e, np, args] of [["cpi", 3, ["1000000"]], ["ring", 3, ["2"]], ["jacobi", 3, ["30", "20", "100"]]] as const) {
      const exe = out(`${e}-native`);
      const build = await runCommand("mpicc.mpich", ["-O2", path.join(examples, `${e}.c`), "-lm", "-o", exe]);
      expect(build.code, build.stderr).toBe(0);
      const native = await runCommand("mpiexec.mpich", ["-n", String(np), exe, ...args], { timeoutMs: 60_000 });
      const wasm = await run(np, `${e}.wasm`, [...args]);
      expect(native.code, native.stderr).toBe(0);
      expect(wasm.code, wasm.stderr).toBe(0);
      const firstLine = (s: string) => s.split("\n")[0]; // cpi's second line is its wall clock time
      expect(firstLine(wasm.stdout)).toBe(firstLine(native.stdout));
      if (e === "jacobi") expect(checksum(wasm.stdout)).toBe(checksum(native.stdout));
    }
  });
});
