// The C suite for dynamic processes (issue 9, section 4): every program of test/c/dyn/testlist
// is compiled with wmpicc and run with wmpiexec at its rank count, in threads and one rank per
// process (spawned children are threads of the spawning root's process), from the folder of the
// programs, so that a program spawns itself by its argv[0]. Where Open MPI is installed, the programs not marked native=skip are also built with
// mpicc.openmpi and must pass under mpirun.openmpi: that shows the programs themselves are right
// (Debian's MPICH 4.0, built for ch4:ucx, cannot spawn at all).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSuite, readTestlist, WMPIEXEC as wmpiexec } from "./harness/ctest.js";
import { runCommand } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const suite = path.join(root, "test/c/dyn");
const dir = mkdtempSync(path.join(tmpdir(), "wmpi-dyn-"));

/** One testlist line: `name nprocs [native=skip] [universe=N]`. */
interface Entry {
  name: string;
  np: number;
  native: boolean;
  universe?: number;
}

const testlist: Entry[] = readTestlist(path.join(suite, "testlist")).map(({ name, np, options }) => {
  const entry: Entry = { name, np, native: true };
  for (const opt of options) {
    if (opt === "native=skip") entry.native = false;
    else if (opt.startsWith("universe=")) entry.universe = Number(opt.slice("universe=".length));
    else throw new Error(`testlist: unknown option ${opt} on the line of ${name}`);
  }
  return entry;
});
const programs = [...new Set(testlist.map((t) => t.name))];
const NO_ERRORS = { code: 0, stdout: " No Errors\n" };
const ranks = (np: number) => `${np} rank${np > 1 ? "s" : ""}`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the dynamic-process C suite (test/c/dyn/testlist)", () => {
  it("lists every program of the folder", () => {
    const sources = readdirSync(suite)
      .filter((f) => f.endsWith(".c"))
      .map((f) => f.slice(0, -2))
      .sort();
    expect(programs.slice().sort()).toEqual(sources);
  });
});

describe("under wmpi (wmpicc + wmpiexec)", () => {
  beforeAll(() => buildSuite(dir, suite, programs), 240_000);

  for (const { name, np, universe } of testlist) {
    for (const mode of [[], ["--ppn", "1"]]) {
      it(`${name} at ${ranks(np)}, ${mode.length ? mode.join(" ") : "threads"}`, async () => {
        const extra = universe === undefined ? [] : ["--universe-size", String(universe)];
        const r = await runCommand(process.execPath, [wmpiexec, "-n", String(np), ...mode, ...extra, `${name}.wasm`], { cwd: dir, timeoutMs: 60_000 });
        expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual(NO_ERRORS);
      });
    }
  }
});

const openmpi = spawnSync("mpicc.openmpi", ["--showme:version"]).status === 0 && spawnSync("mpirun.openmpi", ["--version"]).status === 0;

describe.skipIf(!openmpi)("under native Open MPI (mpicc.openmpi + mpirun.openmpi): the programs are right", () => {
  const native = testlist.filter((t) => t.native);
  beforeAll(async () => {
    for (const p of new Set(native.map((t) => t.name))) {
      const r = await runCommand("mpicc.openmpi", ["-O2", path.join(suite, `${p}.c`), "-o", path.join(dir, `${p}-native`)]);
      if (r.code !== 0) throw new Error(`mpicc.openmpi ${p}.c failed:\n${r.stderr}`);
    }
  }, 240_000);

  for (const { name, np } of native) {
    it(`${name} at ${ranks(np)}`, async () => {
      const r = await runCommand("mpirun.openmpi", ["--allow-run-as-root", "--oversubscribe", "-n", String(np), `./${name}-native`], {
        cwd: dir,
        timeoutMs: 60_000,
      });
      expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual(NO_ERRORS);
    });
  }
});
