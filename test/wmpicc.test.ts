// C MPI programs through wmpicc and wmpiexec (issue 6): -show, multi-file builds with -c, -I, -D
// and -lm, a call wmpi (or WASI) does not have failing at compile or link time, and programs
// running N ranks in threads and in processes with their argv, only the environment --env passes,
// exit codes and MPI_Abort as mpiexec reports them; the sandbox (files only below --preopen
// directories or a scratch directory, a memory cap) and traps.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "test/c");
const wmpicc = path.join(root, "bin/wmpicc.js");
const wmpiexec = path.join(root, "bin/wmpiexec.js");
const dir = mkdtempSync(path.join(tmpdir(), "wmpicc-"));
const out = (name: string) => path.join(dir, name);
const cc = (args: string[]) => runCommand(process.execPath, [wmpicc, ...args], { cwd: dir, timeoutMs: 120_000 });
const run = (np: number, prog: string, args: string[] = [], launcher: string[] = []) =>
  runCommand(process.execPath, [wmpiexec, "-n", String(np), ...launcher, out(prog), ...args]);

beforeAll(async () => {
  for (const [prog, file] of [["ring.wasm", "ring.c"], ["exits.wasm", "exits.c"], ["faults.wasm", "faults.c"], ["stdio.wasm", "stdio.c"], ["files.wasm", "files.c"], ["sleep.wasm", "sleep.c"]] as const) {
    const r = await cc(["-O2", path.join(src, file), "-o", out(prog)]);
    if (r.code !== 0) throw new Error(`wmpicc ${file} failed:\n${r.stderr}`);
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasHydra(): boolean {
  try {
    execFileSync("mpiexec.mpich", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("wmpicc", () => {
  it("-show prints the emcc command with wmpi's header, flags and core", async () => {
    const r = await cc(["-show", "x.c", "-o", "x.wasm"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^emcc .*-I\S*wasm\/include .*x\.c -o x\.wasm .*-sSTANDALONE_WASM .*libwmpi\.a\n$/);
  });
  it("compiles files with -c, -I and -D, then links them with -lm", async () => {
    for (const f of ["pi_main.c", "pi_f.c"])
      expect((await cc(["-c", "-O2", `-I${path.join(src, "include")}`, "-DINTERVALS=1000000", path.join(src, f), "-o", out(f.replace(".c", ".o"))])).code).toBe(0);
    const link = await cc([out("pi_main.o"), out("pi_f.o"), "-lm", "-o", out("pi.wasm")]);
    expect(link.code, link.stderr).toBe(0);
    const r = await run(3, "pi.wasm");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^pi is about 3\.14159265\d+, error \d/);
  });
  it("a function wmpi does not have fails the link, naming it, and leaves no program", async () => {
    const r = await cc([path.join(src, "undefined.c"), "-o", out("undefined.wasm")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("wmpicc: error: undefined symbol: MPI_Not_in_wmpi");
    expect(existsSync(out("undefined.wasm"))).toBe(false);
  });
  it("a system call WASI does not offer fails the link, naming the C function", async () => {
    writeFileSync(out("chmod.c"), "#include <sys/stat.h>\nint main(void) { return chmod(\"x\", 0600); }\n");
    const r = await cc([out("chmod.c"), "-o", out("chmod.wasm")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("undefined symbol: __syscall_chmod (the C library's chmod(), which the WebAssembly sandbox (WASI) does not offer)");
  });
  it("a call that mpi.h does not declare fails the compile, naming it", async () => {
    writeFileSync(out("undeclared.c"), "#include <mpi.h>\nint main(void) { return MPI_Undeclared(); }\n");
    const r = await cc(["-c", out("undeclared.c"), "-o", out("undeclared.o")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/implicit declaration of function 'MPI_Undeclared'/);
  });
});

describe("wmpiexec program.wasm", () => {
  for (const launcher of [[], ["--ppn", "2"]]) {
    it(`runs main in every rank with its argv and only the environment --env passes${launcher.length ? " (processes)" : ""}`, async () => {
      const r = await runCommand(process.execPath, [wmpiexec, "-n", "3", ...launcher, "--env", "GREETING=hi", out("ring.wasm"), "arg1"], {
        env: { PATH: "/usr/bin" },
      });
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split("\n").sort();
      expect(lines).toEqual([
        "rank 0 of 3: token 3, arg arg1, GREETING hi, PATH (unset)",
        "rank 1 of 3: token 2, arg arg1, GREETING hi, PATH (unset)",
        "rank 2 of 3: token 3, arg arg1, GREETING hi, PATH (unset)",
      ]);
    });
  }
  it("putchar, putc and fputc work, and a last line without a newline still comes out", async () => {
    const r = await run(2, "stdio.wasm");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l === "abc")).toHaveLength(2);
    expect(r.stdout).toContain("rank 0: no newline at the end");
    expect(r.stdout).toContain("rank 1: no newline at the end");
  });
  it("usleep, nanosleep, sleep and clock_nanosleep return after the time asked for (emscripten's own spin forever)", async () => {
    const r = await run(1, "sleep.wasm");
    expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 0, stdout: "usleep: ok\nnanosleep: ok\nsleep: ok\nclock_nanosleep: ok\n" });
  });
  it("a program that does not exist is named in one line", async () => {
    const r = await run(2, "missing.wasm");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wmpiexec: cannot run \S+missing\.wasm: no such file\n$/);
  });
  it("a rank's exit code, exit() and MPI_Abort end the job with that code, naming the rank", async () => {
    for (const [how, code] of [["return", 5], ["exit", 9], ["abort", 7]] as const) {
      const r = await run(3, "exits.wasm", [how]);
      expect(r.code, `${how}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(/rank 1/);
    }
  });
});


describe("the sandbox and faults", () => {
  it("without --preopen, reading /etc/passwd and writing /tmp are refused", async () => {
    const r = await run(2, "faults.wasm", ["files"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("read /etc/passwd: refused; write /tmp: refused");
  });
  for (const launcher of [[], ["--ppn", "2"]]) {
    it(`--preopen DIR: the ranks write, read, stat, rename, list and remove files below DIR${launcher.length ? " (processes)" : ""}`, async () => {
      const box = mkdtempSync(path.join(dir, "box-"));
      const r = await runCommand(process.execPath, [wmpiexec, "-n", "3", ...launcher, "--preopen", box, out("files.wasm"), "work"], { cwd: box });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain("read rank2.txt: hello from 2\n");
      expect(r.stdout).toContain(`entries 5\ncwd ${box}\nfiles ok\n`); // ".", "..", rank1.txt, rank2.txt, sub
      expect(readdirSync(box).sort()).toEqual(["rank1.txt", "rank2.txt"]);
    });
  }
  it("the working directory is the first --preopen DIR when wmpiexec's is not below one", async () => {
    const box = mkdtempSync(path.join(dir, "box-"));
    const r = await runCommand(process.execPath, [wmpiexec, "-n", "2", "--preopen", box, out("files.wasm"), "work"], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain(`cwd ${box}\n`);
    expect(readdirSync(box).sort()).toEqual(["rank1.txt"]);
  });
  it("--preopen DIR: nothing outside DIR can be read or written, through .., absolute paths or symbolic links", async () => {
    const box = mkdtempSync(path.join(dir, "box-"));
    symlinkSync("/etc", path.join(box, "link-to-etc"));
    symlinkSync(path.join(dir, "outside-target"), path.join(box, "link-out"));
    for (const launcher of [[], ["--mode", "process"]]) {
      const r = await runCommand(process.execPath, [wmpiexec, "-n", "2", ...launcher, "--preopen", box, out("files.wasm"), "escape", box], { cwd: box });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split("\n")).toEqual([
        "read /etc/passwd: Permission denied",
        "write ../outside.txt: Permission denied",
        "write DIR/../outside2.txt: Permission denied",
        "read link-to-etc/passwd: Permission denied",
        "write link-out: Permission denied",
        "stat /etc: Permission denied",
        "opendir /: Permission denied",
        "write inside.txt: allowed",
      ]);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith("outside"))).toEqual([]);
  });
  it("without --preopen a program works in a scratch directory of its own, removed when the job ends", async () => {
    const r = await run(2, "files.wasm", ["work"]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const scratch = /cwd (\S+)/.exec(r.stdout)?.[1];
    expect(scratch).toMatch(/wmpi-scratch-/);
    expect(existsSync(scratch!)).toBe(false);
  });
  it.skipIf(!hasHydra())("under Hydra (mpiexec --pmi) the processes of a host share one scratch directory, removed at the end", async () => {
    const r = await runCommand("mpiexec.mpich", ["-n", "3", process.execPath, wmpiexec, "--pmi", out("files.wasm"), "work"]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain("read rank2.txt: hello from 2\n");
    const scratch = /cwd (\S+)/.exec(r.stdout)?.[1];
    expect(scratch).toMatch(/wmpi-scratch-[0-9a-f]{16}$/);
    expect(existsSync(scratch!)).toBe(false);
  });
  it("--preopen takes a directory", async () => {
    writeFileSync(out("plain-file"), "");
    const r = await run(1, "files.wasm", [], ["--preopen", out("plain-file")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--preopen takes a directory, and "${out("plain-file")}" is not one`);
  });
  it("a trap ends the job naming the rank, the trap and the functions", async () => {
    const cases: [string, RegExp][] = [
      ["oob", /rank 1 trapped: memory access out of bounds\n\s+at \S+ \(wasm:/],
      ["unreachable", /rank 1 trapped: unreachable\n\s+at \S+ \(wasm:/],
      ["stack", /rank 1 trapped: stack overflow \(call stack exhausted\)\n\s+at deep \(wasm:/],
    ];
    for (const [how, want] of cases) {
      const r = await run(3, "faults.wasm", [how]);
      expect(r.code, how).toBe(1);
      expect(r.stderr).toMatch(want);
    }
  });
  it("a rank that outgrows --max-memory ends the job, saying so", async () => {
    const r = await run(2, "faults.wasm", ["memory"], ["--max-memory", "96M"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/malloc failed after \d+ MiB/);
    expect(r.stderr).toMatch(/wmpi: rank 1 exited with code 3 \(its memory was \d+ MiB of its 96 MiB cap, --max-memory\)/);
  });
});
