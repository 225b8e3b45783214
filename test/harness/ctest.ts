// What the C suites share (c-conformance, c-rma, c-io): their MPICH-style testlist, building a
// suite's programs with wmpicc, and whether native MPICH is here to check the programs against.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runCommand } from "./job.js";

const root = path.resolve(import.meta.dirname, "../..");
export const WMPICC = path.join(root, "bin/wmpicc.js");
export const WMPIEXEC = path.join(root, "bin/wmpiexec.js");

/** One testlist line: `name nprocs [option ...]`. */
export interface TestlistEntry {
  name: string;
  np: number;
  options: string[];
}

/** The lines of a testlist, comments and blank lines left out. */
export function readTestlist(file: string): TestlistEntry[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l !== "")
    .map((l) => {
      const [name, np, ...options] = l.split(/\s+/);
      return { name, np: Number(np), options };
    });
}

/** Runs wmpicc in `dir`; throws with its output if it fails. */
export async function wmpicc(dir: string, args: string[]): Promise<void> {
  const r = await runCommand(process.execPath, [WMPICC, ...args], { cwd: dir, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`wmpicc ${args.join(" ")} failed:\n${r.stderr}${r.stdout}`);
}

/** Builds dir/NAME.wasm of each program NAME.c in `suite`: one wmpicc -c for all, then a link each (2 cores: one at a time). */
export async function buildSuite(dir: string, suite: string, programs: string[]): Promise<void> {
  await wmpicc(dir, ["-c", "-O2", ...programs.map((p) => path.join(suite, `${p}.c`))]);
  for (const p of programs) await wmpicc(dir, [path.join(dir, `${p}.o`), "-o", path.join(dir, `${p}.wasm`)]);
}

/** Whether MPICH's compiler and launcher are installed (to check the programs themselves). */
export const hasMpich = (): boolean =>
  spawnSync("mpicc.mpich", ["-show"]).status === 0 && spawnSync("mpiexec.mpich", ["--version"]).status === 0;
