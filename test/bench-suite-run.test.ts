// Smoke runs of the benchmark suite's driver (bench/suite/run.mjs) at tiny sizes: the ping-pong
// (2 sizes, 1 round) and the start-up benchmark (1 and 4 ranks, 1 round) end to end, checking every
// file the driver writes; and a run where MPICH cannot be found, which must say so with the
// command that installs it. No performance assertion.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-suite-"));
const TINY = ["--quick", "--sizes", "8,64K", "--ranks", "1,4", "--repeats", "1", "--max-foreign-load", "2"];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench/suite/run.mjs, pingpong and startup at tiny sizes", () => {
  const out = path.join(dir, "run");
  let res: Awaited<ReturnType<typeof runCommand>>;
  let results: any;
  beforeAll(async () => {
    res = await runCommand(process.execPath, ["bench/suite/run.mjs", "--bench", "pingpong,startup", "--modes", "mpich,alloc,wmpi-thread,wmpi-process", ...TINY, "--out", out], { timeoutMs: 60_000 });
    results = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
  }, 70_000);

  it("runs both benchmarks and keeps every raw sample with the machine, command and references", () => {
    expect(res.code, res.stderr + res.stdout).toBe(0);
    expect(results.benchmarks.map((b: any) => [b.name, b.status])).toEqual([["pingpong", "ok"], ["startup", "ok"]]);
    // not a terminal: one plain progress line per step start and end
    expect(res.stderr).toMatch(/^\[1\/2\] pingpong: started \(0 s\)\n\[1\/2\] pingpong: ok \d+ s\n\[2\/2\] startup: started/m);
    expect(res.stderr).not.toContain("\r");
    expect(results.command).toContain("--bench pingpong,startup");
    expect(results.machine.cpus.count).toBeGreaterThan(0);
    expect(results.machine.memory.totalMiB).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(results.machine.loadavg).toHaveLength(3);
    for (const ref of ["mpich", "openmpi", "mpi4py", "chromium"]) expect(results.references[ref]).toHaveProperty("found");
    const pingpong = results.benchmarks[0].raw;
    expect(Object.keys(pingpong.samples.alloc).sort()).toEqual(["65536", "8"]);
    const ids = results.datasets.map((d: any) => d.id);
    expect(ids).toEqual(expect.arrayContaining(["pingpong-latency", "pingpong-throughput", "startup-time", "startup-memory"]));
    const time = results.datasets.find((d: any) => d.id === "startup-time");
    const thread = time.series.find((s: any) => s.mode === "wmpi-thread");
    expect(thread.points.map((p: any) => p.x)).toEqual([1, 4]);
    expect(thread.points.every((p: any) => p.samples.length === 1 && p.samples[0] > 0)).toBe(true);
    const mem = results.datasets.find((d: any) => d.id === "startup-memory");
    expect(mem.series.find((s: any) => s.mode === "wmpi-process").points[1].samples[0]).toBeGreaterThan(1); // MiB per rank
  });

  it("writes the OSU tables, a figure per dataset (and overhead ones), PNGs or why not, and the report", () => {
    const tables = readFileSync(path.join(out, "tables.txt"), "utf8");
    const mpich = results.references.mpich.found;
    if (mpich) expect(tables).toMatch(/^# Size\s+MPICH C \(us\)\s+wmpi Alloc_mem \(us\)\s+x MPICH C$/m);
    else expect(tables).toMatch(/no MPICH C reference in this run/);
    expect(tables).toMatch(/^# Ranks\s+/m);
    expect(tables).toMatch(/^65536\s+\d/m);
    const svgs = readdirSync(path.join(out, "figures")).filter((f) => f.endsWith(".svg"));
    for (const d of results.datasets) expect(svgs).toContain(`${d.id}.svg`);
    if (mpich) expect(svgs).toContain("startup-time-overhead.svg");
    const pngs = readdirSync(path.join(out, "figures")).filter((f) => f.endsWith(".png"));
    if (results.png.skipped) expect(res.stdout).toContain(`PNG figures skipped: ${results.png.skipped}`);
    else expect(pngs.sort()).toEqual(svgs.map((f) => f.replace(/svg$/, "png")).sort());
    for (const f of pngs) expect(readFileSync(path.join(out, "figures", f)).subarray(1, 4).toString()).toBe("PNG");
    const html = readFileSync(path.join(out, "report.html"), "utf8");
    for (const f of svgs) expect(html).toContain(`<figure id="fig-${f.replace(/\.svg$/, "")}"><svg`);
    expect(html.match(/<pre class="osu-table">/g)).toHaveLength(results.datasets.length);
    expect(existsSync(path.join(out, "raw", "pingpong.log"))).toBe(true);
  });

  it("writes the same tables and figures again from results.json alone (render.mjs)", async () => {
    const tables = readFileSync(path.join(out, "tables.txt"), "utf8");
    const svg = readFileSync(path.join(out, "figures", "startup-time.svg"), "utf8");
    rmSync(path.join(out, "tables.txt"));
    rmSync(path.join(out, "figures"), { recursive: true });
    rmSync(path.join(out, "raw"), { recursive: true });
    const r = await runCommand(process.execPath, ["bench/suite/render.mjs", out], { timeoutMs: 30_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(readFileSync(path.join(out, "tables.txt"), "utf8")).toBe(tables);
    expect(readFileSync(path.join(out, "figures", "startup-time.svg"), "utf8")).toBe(svg);
    expect(JSON.parse(readFileSync(path.join(out, "results.json"), "utf8")).benchmarks[0].notes).toEqual(results.benchmarks[0].notes);
  }, 40_000);
});

describe("bench/suite/run.mjs without MPICH", () => {
  it("reports MPICH as skipped with the command that installs it, and still runs wmpi", async () => {
    // a PATH with only a shell on it: no mpicc.mpich, no mpiexec.mpich, no mpirun.openmpi
    const bin = path.join(dir, "bin");
    mkdirSync(bin);
    symlinkSync("/bin/sh", path.join(bin, "sh"));
    const out = path.join(dir, "nompich");
    const res = await runCommand(process.execPath, ["bench/suite/run.mjs", "--bench", "startup", "--modes", "wmpi-thread,mpich", "--ranks", "1", "--repeats", "1", "--max-foreign-load", "2", "--out", out], { timeoutMs: 60_000, env: { PATH: bin } });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    expect(res.stdout).toContain("reference mpich missing: skipped where used; install with: apt-get install -y mpich libmpich-dev");
    const results = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    expect(results.references.mpich).toMatchObject({ found: false, install: "apt-get install -y mpich libmpich-dev" });
    expect(results.benchmarks[0].notes.join()).toContain("mpich skipped: not installed (apt-get install -y mpich libmpich-dev)");
    expect(results.benchmarks[0].raw.skipped).toEqual([{ mode: "mpich", reason: "mpicc.mpich, mpiexec.mpich not found", install: "apt-get install -y mpich libmpich-dev" }]);
    const time = results.datasets.find((d: any) => d.id === "startup-time");
    expect(time.series.map((s: any) => s.mode)).toEqual(["wmpi-thread"]);
    const html = readFileSync(path.join(out, "report.html"), "utf8");
    expect(html).toContain("MISSING (mpicc.mpich, mpiexec.mpich): skipped; install with: apt-get install -y mpich libmpich-dev");
    expect(readFileSync(path.join(out, "tables.txt"), "utf8")).toContain("no MPICH C reference in this run");
  }, 70_000);
});
