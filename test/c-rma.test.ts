// The C suite for one-sided communication (issue 7, section 5): every program of
// test/c/rma/testlist is compiled with wmpicc and run with wmpiexec at its rank count, in threads
// and in processes (--ppn 1, and --ppn 2 at 4 ranks), and must print " No Errors" from rank 0.
// Where MPICH is installed, every program not marked native=skip is also built with mpicc.mpich
// and must pass under mpiexec.mpich: that is what shows the programs themselves are right.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSuite, hasMpich, readTestlist, WMPIEXEC as wmpiexec } from "./harness/ctest.js";
import { runCommand } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const suite = path.join(root, "test/c/rma");
const dir = mkdtempSync(path.join(tmpdir(), "wmpi-rma-"));
const out = (name: string) => path.join(dir, name);

/** One testlist line: `name nprocs [native=skip] [native-env=KEY=VALUE ...]`. */
interface Entry {
  name: string;
  np: number;
  native: boolean;
  nativeEnv: Record<string, string>;
}

const testlist: Entry[] = readTestlist(path.join(suite, "testlist")).map(({ name, np, options }) => {
  const entry: Entry = { name, np, native: true, nativeEnv: {} };
  for (const opt of options) {
    if (opt === "native=skip") entry.native = false;
    else if (opt.startsWith("native-env=")) {
      const [key, value] = opt.slice("native-env=".length).split("=");
      entry.nativeEnv[key] = value;
    } else throw new Error(`testlist: unknown option ${opt} on the line of ${name}`);
  }
  return entry;
});
const programs = [...new Set(testlist.map((t) => t.name))];

/** The launcher settings of each run: threads, then one rank per process, then two at 4 ranks. */
const modes = (np: number): { label: string; args: string[] }[] => [
  { label: "threads", args: [] },
  { label: "--ppn 1", args: ["--ppn", "1"] },
  ...(np === 4 ? [{ label: "--ppn 2", args: ["--ppn", "2"] }] : []),
];

const NO_ERRORS = { code: 0, stdout: " No Errors\n" };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the RMA C suite (test/c/rma/testlist)", () => {
  it("lists every program of the folder, at 1 to 4 ranks", () => {
    const sources = readdirSync(suite)
      .filter((f) => f.endsWith(".c"))
      .map((f) => f.slice(0, -2))
      .sort();
    expect(programs.slice().sort()).toEqual(sources);
    const counts = new Set(testlist.map((t) => t.np));
    for (const np of [1, 2, 3, 4]) expect(counts.has(np), `no program at ${np} ranks`).toBe(true);
    expect(Math.max(...counts)).toBe(4);
  });
});

describe("under wmpi (wmpicc + wmpiexec)", () => {
  beforeAll(() => buildSuite(dir, suite, programs), 240_000);

  for (const { name, np } of testlist) {
    for (const mode of modes(np)) {
      it(`${name} at ${np} rank${np > 1 ? "s" : ""}, ${mode.label}`, async () => {
        const r = await runCommand(process.execPath, [wmpiexec, "-n", String(np), ...mode.args, out(`${name}.wasm`)], {
          timeoutMs: 60_000,
        });
        expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual(NO_ERRORS);
      });
    }
  }
});

const mpich = hasMpich();

describe.skipIf(!mpich)("under native MPICH (mpicc.mpich + mpiexec.mpich): the programs are right", () => {
  const native = testlist.filter((t) => t.native);
  beforeAll(async () => {
    for (const p of new Set(native.map((t) => t.name))) {
      const r = await runCommand("mpicc.mpich", ["-O2", path.join(suite, `${p}.c`), "-o", out(`${p}-native`)]);
      if (r.code !== 0) throw new Error(`mpicc.mpich ${p}.c failed:\n${r.stderr}`);
    }
  }, 240_000);

  for (const { name, np, nativeEnv } of native) {
    it(`${name} at ${np} rank${np > 1 ? "s" : ""}`, async () => {
      const r = await runCommand("mpiexec.mpich", ["-n", String(np), out(`${name}-native`)], {
        env: nativeEnv,
        timeoutMs: 60_000,
      });
      expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual(NO_ERRORS);
    });
  }
});
