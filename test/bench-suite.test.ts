// The benchmark suite's own logic (bench/suite/*) on small fixed inputs: option parsing, the
// statistics and the paper's definitions, the conversion of each benchmark's JSON into datasets,
// the OSU table layout, the SVG figures (read back: axes, one path per mode, points where the data
// says, log scale), and the HTML report holding every figure and table. No benchmark runs here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BENCHMARKS, DEFAULT_PLAN, planned } from "../bench/suite/benchmarks.mjs";
import { datasetsOf } from "../bench/suite/datasets.mjs";
import { figuresOf, overheadFigure, overheadFigures, valueFigure } from "../bench/suite/figures.mjs";
import { defaultOutDir, parseSuiteOptions } from "../bench/suite/options.mjs";
import { bar, createProgress, stepFraction } from "../bench/suite/progress.mjs";
import { reportHtml } from "../bench/suite/report.mjs";
import { judge } from "../bench/suite/startup.mjs";
import { alltoallThroughput, overheadPercent, pingpongThroughput, summarize } from "../bench/suite/summary.mjs";
import { AREA, linearAxis, logAxis, plotSvg } from "../bench/suite/svg.mjs";
import { formatFigure, formatRatio, osuTable } from "../bench/suite/table.mjs";

const BENCHES = ["pingpong", "coll", "startup"];
const parse = (argv: string[]) => parseSuiteOptions(argv, { benches: BENCHES, root: "/repo" });

describe("options", () => {
  it("defaults to every benchmark, each one's own sizes, ranks and repeats, and a dated directory", () => {
    const o = parse([]);
    expect(o.bench).toEqual(BENCHES);
    expect([o.modes, o.sizes, o.ranks, o.repeats, o.maxForeign]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(o.quick).toBe(false);
    expect(o.out).toMatch(/^\/repo\/bench\/out\/\d{4}-\d\d-\d\d_\d{4}$/);
    expect(defaultOutDir("/r", new Date("2026-11-29T01:05:09Z"))).toBe("/r/bench/out/2026-11-29_0105");
  });
  it("parses lists, sizes with units, counts, and --name=value", () => {
    const o = parse(["--bench", "coll,startup", "--modes=mpich,alloc", "--sizes", "0,8,4K,1M", "--ranks", "1,4", "--repeats", "2", "--quick", "--out", "x/y", "--max-foreign-load", "1.5"]);
    expect(o.bench).toEqual(["coll", "startup"]);
    expect(o.modes).toEqual(["mpich", "alloc"]);
    expect(o.sizes).toEqual([0, 8, 4096, 1048576]);
    expect(o.ranks).toEqual([1, 4]);
    expect(o.repeats).toBe(2);
    expect(o.quick).toBe(true);
    expect(o.out).toBe(path.resolve("x/y"));
    expect(o.maxForeign).toBe(1.5);
    expect(parse(["-h"]).help).toBe(true);
  });
  it("rejects what would silently run something else", () => {
    expect(() => parse(["--bench", "pingpong,nope"])).toThrow(/unknown nope/);
    expect(() => parse(["--repeats", "0"])).toThrow(/positive integer/);
    expect(() => parse(["--ranks", "2,x"])).toThrow(/positive integer/);
    expect(() => parse(["--sizes", "8,1G"])).toThrow(/not a size/);
    expect(() => parse(["--modes", ","])).toThrow(/at least one/);
    expect(() => parse(["--sizes", "--quick"])).toThrow(/needs a value/);
    expect(() => parse(["--reps", "3"])).toThrow(/unknown option --reps/);
    expect(() => parse(["--quick", "--full"])).toThrow(/exclude each other/);
  });
  it("takes a script's own options and refuses the common ones that mean nothing to it", () => {
    const extra = { "--json": (v: string, o: any) => (o.json = v), "--reps": (v: string, o: any) => (o.repeats = Number(v)) };
    const o: any = parseSuiteOptions(["--json", "a.json", "--reps", "4", "--sizes", "8"], { benches: ["browser"], root: "/r", defaultOut: "/r/out", extra, unsupported: ["--ranks"] });
    expect([o.json, o.repeats, o.sizes, o.out]).toEqual(["a.json", 4, [8], "/r/out"]);
    expect(() => parseSuiteOptions(["--ranks", "2"], { benches: ["browser"], root: "/r", extra, unsupported: ["--ranks"] })).toThrow(/--ranks does not apply/);
  });
});

describe("plans", () => {
  const args = (name: string, argv: string[]) => BENCHMARKS[name].args(planned(name, parse(argv)), "r.json", "b");
  const after = (xs: string[], flag: string) => xs[xs.indexOf(flag) + 1];
  it("gives every benchmark a default plan of 3 interleaved rounds, cut down from its own", () => {
    expect(Object.keys(DEFAULT_PLAN).sort()).toEqual(Object.keys(BENCHMARKS).sort());
    for (const [name, p] of Object.entries(DEFAULT_PLAN)) expect([name, p.repeats]).toEqual([name, 3]);
    const coll = args("coll", []);
    expect([after(coll, "--sizes"), after(coll, "--ranks"), after(coll, "--reps"), after(coll, "--budget-ms")]).toEqual(["8,65536,1048576", "2", "3", "30"]);
    expect(args("pingpong", [])).toContain("--quick"); // its short iteration counts, with 3 rounds
    expect(after(args("io", []), "--rounds")).toBe("3"); // io's rounds are the suite's repeats
  });
  it("lets what the user gives replace the plan's value, and --full and --quick run the script's own", () => {
    const coll = args("coll", ["--sizes", "4K", "--repeats", "5"]);
    expect([after(coll, "--sizes"), after(coll, "--reps"), after(coll, "--ranks")]).toEqual(["4096", "5", "2"]);
    expect(args("coll", ["--full"])).toEqual(["--json", "r.json"]);
    expect(args("coll", ["--quick"])).toEqual(["--quick", "--json", "r.json"]);
    expect(args("startup", ["--full"])).not.toContain("--ranks");
  });
  it("gives p2p the modes it knows, with MPICH over TCP where a transport series is chosen", () => {
    expect(after(args("p2p", ["--modes", "alloc,wmpi-alloc,proc-unix"]), "--modes")).toBe("wmpi-alloc,proc-unix,mpich-tcp");
    expect(after(args("p2p", ["--modes", "wmpi-alloc,mpi4py-buffer"]), "--modes")).toBe("wmpi-alloc,mpi4py-buffer");
    expect(args("p2p", ["--modes", "alloc"])).not.toContain("--modes"); // none of its own: all of them
  });
});

describe("statistics", () => {
  it("gives median and range over the finite samples", () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(summarize([4, 1, 3, 2, NaN])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(summarize([]).n).toBe(0);
  });
  it("follows the paper's definitions", () => {
    // 1 MB each way in a 100 µs round trip: 2 MB / 100 µs = 20000 MB/s
    expect(pingpongThroughput(1e6, 100)).toBe(20000);
    // 4 ranks, 1 KiB to each of 3 peers, both ways, in 10 µs
    expect(alltoallThroughput(1024, 4, 10)).toBeCloseTo((2 * 3 * 1024) / 10);
    expect(overheadPercent(2, 1, "lower")).toBe(100);
    expect(overheadPercent(50, 100, "higher")).toBe(100);
    expect(overheadPercent(0.9, 1, "lower")).toBeCloseTo(-10);
  });
});

// bench/pingpong.mjs's JSON: round trips in µs per round; named cases are not sizes
const PINGPONG = { samples: { buffer: { 0: [2, 4, 3], 8: [4, 4, 5], 1024: [10, 12, 11], dict: [3] }, mpich: { 0: [1, 1, 1], 8: [2, 2, 2], 1024: [5, 5, 6] }, "pm-poll": { 8: [40, 40, 40], 1024: [80, 80, 80] } } };
const COLL = { samples: { "alltoall@4": { mpich: { 8: [1, 1], 1024: [10, 12] }, "wmpi-buffer": { 8: [2, 2], 1024: [20, 20] } }, "barrier@2": { mpich: { 0: [0.5] }, "wmpi-buffer": { 0: [1.5] } } } };

describe("datasets", () => {
  it("turns ping-pong round trips into one-way latency and 2S/Δt throughput, the reference first", () => {
    const [lat, thr] = datasetsOf("pingpong", PINGPONG);
    expect(lat.series.map((s: any) => s.mode)).toEqual(["mpich", "buffer", "pm-poll"]);
    expect(lat.series[1].points).toEqual([{ x: 0, samples: [1, 2, 1.5] }, { x: 8, samples: [2, 2, 2.5] }, { x: 1024, samples: [5, 6, 5.5] }]);
    expect(thr.unit).toBe("MB/s");
    expect(thr.series[1].points.map((p: any) => p.x)).toEqual([8, 1024]); // no throughput of 0 bytes
    expect(thr.series[1].points[1].samples[0]).toBeCloseTo((2 * 1024) / 10);
  });
  it("keeps the chosen modes and always the reference", () => {
    const [lat] = datasetsOf("pingpong", PINGPONG, ["buffer"]);
    expect(lat.series.map((s: any) => s.mode)).toEqual(["mpich", "buffer"]);
    expect(datasetsOf("pingpong", PINGPONG, ["wmpi-thread"])).toEqual([]);
    expect(datasetsOf("pingpong", PINGPONG, ["mpich"]).map((d: any) => d.series.length)).toEqual([1, 1]);
  });
  it("turns p2p steps into osu_bw and osu_bibw bandwidth (S x window, both ways for bibw), ring time, and a dict table", () => {
    const P2P = {
      info: { nproc: 2 },
      options: { window: 64 },
      samples: {
        "bw@2": { mpich: { 1024: [64, 32, 64] }, "wmpi-buffer": { 1024: [128, 128, 128] }, "wmpi-dict": { dict: [50, 60, 55] }, "mpi4py-dict": { dict: [20, 20, 20] } },
        "bibw@2": { mpich: { 1024: [64] } },
        "ring@4": { mpich: { 8: [900] }, openmpi: { 8: [3] }, "wmpi-buffer": { 8: [6] } },
      },
    };
    const ds = datasetsOf("p2p", P2P);
    expect(ds.map((d: any) => d.id)).toEqual(["p2p-bw-2", "p2p-bw-2-dict", "p2p-bibw-2", "p2p-ring-4"]);
    const [bw, dict, bibw, ring] = ds;
    expect([bw.unit, bw.better, bw.reference]).toEqual(["MB/s", "higher", "mpich"]);
    expect(bw.series[0].points[0].samples).toEqual([1024, 2048, 1024]); // 64 x 1 KiB in 64 µs: 1024 MB/s
    expect(bibw.series[0].points[0].samples).toEqual([2048]);
    expect(dict.reference).toBe("mpi4py-dict");
    expect(dict.series.map((s: any) => [s.mode, s.points])).toEqual([["mpi4py-dict", [{ x: 0, samples: [20, 20, 20] }]], ["wmpi-dict", [{ x: 0, samples: [50, 60, 55] }]]]);
    expect(bw.series.map((s: any) => s.mode)).toEqual(["mpich", "wmpi-buffer"]); // the dict is not a size
    // 4 ranks on 2 cores: MPICH busy-polls, so Open MPI is the reference
    expect([ring.reference, ring.series[0].mode, ring.unit]).toEqual(["openmpi", "openmpi", "us"]);
  });
  it("gives the p2p transport series tables of their own against MPICH C over TCP, MPICH C beside it", () => {
    const run = {
      info: { nproc: 2 },
      options: { window: 64 },
      samples: {
        "bw@2": { mpich: { 1024: [64] }, "mpich-tcp": { 1024: [640] }, "wmpi-buffer": { 1024: [128] }, "proc-unix": { 1024: [1280] }, "proc-tcp": { 1024: [1280] }, "proc-ws": { 1024: [2560] } },
        // MPICH over TCP did not run at 4 ranks (it hangs there): the threads' reference stands in
        "ring@4": { mpich: { 8: [900] }, openmpi: { 8: [3] }, "wmpi-buffer": { 8: [6] }, "proc-tcp": { 8: [30] } },
      },
    };
    const ds = datasetsOf("p2p", run);
    const modes = (d: any) => d.series.map((s: any) => s.mode);
    expect(ds.map((d: any) => [d.id, d.reference, modes(d)])).toEqual([
      ["p2p-bw-2", "mpich", ["mpich", "wmpi-buffer"]],
      ["p2p-bw-2-processes", "mpich-tcp", ["mpich-tcp", "mpich", "proc-unix", "proc-tcp", "proc-ws"]],
      ["p2p-ring-4", "openmpi", ["openmpi", "mpich", "wmpi-buffer"]],
      ["p2p-ring-4-processes", "openmpi", ["openmpi", "mpich", "proc-tcp"]],
    ]);
    expect(ds[1].title).toBe("osu_bw across processes, 2 ranks, window of 64: bandwidth");
    expect(ds[1].series[2].points[0].samples).toEqual([(64 * 1024) / 1280]);
    const table = osuTable(ds[1]);
    expect(table).toMatch(/^# Size +MPICH C \(TCP\) \(MB\/s\) +MPICH C \(MB\/s\) +x MPICH C \(TCP\) +wmpi process unix \(MB\/s\) +x MPICH C \(TCP\)/m);
    expect(table).toMatch(/^1024 +102\.40 +1024 +10\.00 +51\.20 +0\.50 +51\.20 +0\.50 +25\.60 +0\.25$/m);
    // the overhead figure shows wmpi's transports against the TCP reference, not MPICH's shared memory
    expect(overheadFigures(ds[1]).map((f: any) => [f.id, f.series.map((s: any) => [s.mode, Math.round(s.points[0].y)])])).toEqual([
      ["p2p-bw-2-processes-overhead", [["proc-unix", 100], ["proc-tcp", 100], ["proc-ws", 300]]],
    ]);
    // --modes proc-tcp: the transport table with its reference, no threads table
    expect(datasetsOf("p2p", run, ["proc-tcp"]).map((d: any) => [d.id, modes(d)])).toEqual([["p2p-bw-2-processes", ["mpich-tcp", "proc-tcp"]], ["p2p-ring-4-processes", ["openmpi", "proc-tcp"]]]);
  });
  it("gives alltoall a 2(N-1)S/Δt throughput dataset with N from the group", () => {
    const ds = datasetsOf("coll", COLL);
    expect(ds.map((d: any) => d.id)).toEqual(["coll-alltoall-4", "coll-alltoall-4-throughput", "coll-barrier-2"]);
    expect(ds[1].series[1].points[1].samples).toEqual([(2 * 3 * 1024) / 20, (2 * 3 * 1024) / 20]);
  });
  it("compares each browser mode with Node in the same mode, latency up to 16 KiB and bandwidth above", () => {
    const ds = datasetsOf("browser", { samples: { "node-alloc": { 8: [1], 65536: [900] }, "browser-alloc": { 8: [2], 65536: [800] }, "node-buffer": { 8: [3] }, "browser-buffer": { 8: [4] } } });
    expect(ds.map((d: any) => [d.id, d.reference, d.series.map((s: any) => s.mode)])).toEqual([
      ["browser-alloc-latency", "node-alloc", ["node-alloc", "browser-alloc"]],
      ["browser-alloc-bandwidth", "node-alloc", ["node-alloc", "browser-alloc"]],
      ["browser-buffer-latency", "node-buffer", ["node-buffer", "browser-buffer"]],
    ]);
    expect(ds[1].series[1].points).toEqual([{ x: 65536, samples: [800] }]);
  });
  it("reads io's per-case objects and startup's rank counts", () => {
    const io = datasetsOf("io", { samples: { "square@2": { wmpi: { "1048576 coll write": [{ mbps: 100 }], "1048576 coll read": [{ mbps: 300 }] }, mpich: { "1048576 coll write": [{ mbps: 200 }] } } } });
    expect(io.map((d: any) => d.id)).toEqual(["io-coll-write-square-2", "io-coll-read-square-2"]);
    expect(io[0].series.map((s: any) => [s.mode, s.points[0].samples])).toEqual([["mpich", [200]], ["wmpi", [100]]]);
    const st = datasetsOf("startup", { wall: { mpich: { 1: [0.1], 4: [0.2] }, "wmpi-thread": { 1: [0.3], 4: [0.4] } }, rss: { mpich: { 1: [10] } } });
    expect(st[0].x).toBe("ranks");
    expect(st[0].series[1].points.map((p: any) => p.x)).toEqual([1, 4]);
  });
});

describe("OSU table", () => {
  const [lat] = datasetsOf("pingpong", PINGPONG);
  const lines = osuTable(lat).split("\n");
  it("has the OSU header and rows: size in 10 columns, figures right-aligned, ratios to the reference", () => {
    expect(lines[0]).toBe("# Ping-pong, 2 ranks: one-way latency");
    expect(lines[1]).toMatch(/^# Latency in us, lower is better; median of up to 3 repeats; x MPICH C = mode \/ MPICH C$/);
    expect(lines[2]).toMatch(/^# Size {5}\s+MPICH C \(us\)\s+wmpi buffer \(us\)\s+x MPICH C\s+postMessage poll \(us\)\s+x MPICH C$/);
    const header = lines[2];
    const row8 = lines[4];
    expect(row8.slice(0, 10)).toBe("8".padEnd(10));
    // every figure ends where its header ends
    const cells = [
      ["MPICH C (us)", "1.00"],
      ["wmpi buffer (us)", "2.00"],
      ["postMessage poll (us)", "20.00"],
    ];
    for (const [head, value] of cells) expect(row8.slice(0, header.indexOf(head) + head.length).endsWith(value)).toBe(true);
    expect(row8).toMatch(/^8\s+1\.00\s+2\.00\s+2\.00\s+20\.00\s+20\.00$/);
    expect(lines[5]).toMatch(/^1024\s+2\.50\s+5\.50\s+2\.20\s+40\.00\s+16\.00$/);
  });
  it("prints figures as OSU does (%.2f), and small ratios with their digits", () => {
    expect([formatFigure(0.125), formatFigure(999.994), formatFigure(25531.4), formatFigure(NaN)]).toEqual(["0.13", "999.99", "25531", "-"]);
    expect([formatRatio(0.0031), formatRatio(0.35), formatRatio(11.44), formatRatio(0)]).toEqual(["0.0031", "0.35", "11.44", "0.00"]);
  });
  it("gives each figure's range below, and says when the reference is missing", () => {
    const i = lines.indexOf("# range (min-max over the repeats)");
    expect(i).toBeGreaterThan(5);
    expect(lines[i + 2]).toMatch(/^0\s+0\.50-0\.50\s+1\.00-2\.00\s+-$/);
    const noRef = osuTable({ ...lat, series: lat.series.filter((s: any) => s.mode !== "mpich") });
    expect(noRef).toMatch(/no MPICH C reference in this run/);
    expect(noRef).not.toMatch(/x MPICH C/);
  });
});

/** The attributes of every element `tag` with class `cls` in an SVG string. */
function elements(svg: string, tag: string, cls: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))) {
    const attrs = Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    if ((attrs.class ?? "").split(" ").includes(cls)) out.push(attrs);
  }
  return out;
}

/** Throws unless every tag is closed in order (the SVG is well-formed enough for a browser and an XML parser). */
function checkBalanced(svg: string) {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]);
    else expect(stack.pop()).toBe(m[2]);
  }
  expect(stack).toEqual([]);
}

describe("SVG figures", () => {
  const spec = {
    title: "t <&>",
    xLabel: "message size",
    yLabel: "throughput (MB/s)",
    xScale: "log",
    yScale: "log",
    xFormat: "size",
    series: [
      { mode: "mpich", label: "MPICH C", points: [{ x: 1, y: 10 }, { x: 16, y: 100 }, { x: 256, y: 1000 }] },
      { mode: "alloc", label: "wmpi Alloc_mem", points: [{ x: 0, y: 5 }, { x: 1, y: 5 }, { x: 256, y: 500 }] },
    ],
  };
  const svg = plotSvg(spec);

  it("is well-formed, titled (escaped), with both axes, ticks and a legend entry per mode", () => {
    checkBalanced(svg);
    expect(svg).toContain("t &lt;&amp;&gt;");
    expect(elements(svg, "g", "axis")).toHaveLength(2);
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect(legend).toContain("MPICH C");
    expect(legend).toContain("wmpi Alloc_mem");
  });
  it("draws one path per mode through its points, leaving out what a log axis cannot show", () => {
    const paths = elements(svg, "path", "series");
    expect(paths.map((p) => p["data-mode"])).toEqual(["mpich", "alloc"]);
    expect(paths[1].d.split(" ")).toHaveLength(2); // the 0-byte point is left out
    expect(elements(svg, "circle", "point")).toHaveLength(5);
  });
  it("puts points where a log scale puts them: equal factors at equal distances, bigger is higher", () => {
    const [xAxis, yAxis] = elements(svg, "g", "axis");
    expect(xAxis["data-scale"]).toBe("log");
    expect(yAxis["data-scale"]).toBe("log");
    const [xlo, xhi, ylo, yhi] = [xAxis["data-min"], xAxis["data-max"], yAxis["data-min"], yAxis["data-max"]].map(Number);
    expect(xlo).toBeLessThanOrEqual(1);
    expect(xhi).toBeGreaterThanOrEqual(256);
    expect(ylo).toBeLessThanOrEqual(5);
    expect(yhi).toBeGreaterThanOrEqual(1000);
    for (const c of elements(svg, "circle", "point")) {
      const [x, y] = [Number(c["data-x"]), Number(c["data-y"])];
      const cx = AREA.left + (Math.log(x / xlo) / Math.log(xhi / xlo)) * (AREA.right - AREA.left);
      const cy = AREA.bottom - (Math.log(y / ylo) / Math.log(yhi / ylo)) * (AREA.bottom - AREA.top);
      expect(Number(c.cx)).toBeCloseTo(cx, 1);
      expect(Number(c.cy)).toBeCloseTo(cy, 1);
    }
    const mpich = elements(svg, "circle", "point").slice(0, 3);
    const [a, b, c] = mpich.map((p) => [Number(p.cx), Number(p.cy)]);
    expect(b[0] - a[0]).toBeCloseTo(c[0] - b[0], 1); // 1 -> 16 -> 256
    expect(a[1] - b[1]).toBeCloseTo(b[1] - c[1], 1); // 10 -> 100 -> 1000, upwards
    expect(a[1]).toBeGreaterThan(b[1]);
  });
  it("ticks a log axis at powers and a linear one at round steps through 0", () => {
    expect(logAxis(8, 2 ** 18, 4).ticks).toEqual([4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144]);
    // more than 8 powers: every other one, still from one end of the axis to the other
    expect(logAxis(8, 4 * 2 ** 20, 4)).toEqual({ kind: "log", lo: 4, hi: 4194304, ticks: [4, 64, 1024, 16384, 262144, 4194304] });
    expect(logAxis(8, 8 * 2 ** 20, 4)).toEqual({ kind: "log", lo: 4, hi: 4 ** 13, ticks: [4, 64, 1024, 16384, 262144, 4194304, 4 ** 13] });
    expect(logAxis(0.3, 2000, 10)).toEqual({ kind: "log", lo: 0.1, hi: 10000, ticks: [0.1, 1, 10, 100, 1000, 10000] });
    const lin = linearAxis(-12, 180);
    expect(lin.ticks).toContain(0);
    expect(lin.lo).toBeLessThanOrEqual(-12);
    expect(lin.hi).toBeGreaterThanOrEqual(180);
    const ticks = elements(svg, "line", "tick").map((t) => Number(t["data-value"]));
    expect(ticks).toContain(1000);
    expect(ticks).toContain(256);
  });
  it("splits the overhead into the paper's buffer and object figures, mpi4py against the C of its own MPI", () => {
    // ping-pong round trips (µs) at 1 KiB; mpi4py runs on Open MPI
    const run = { options: { window: 64 }, samples: { "pingpong@2": { mpich: { 1024: [2] }, openmpi: { 1024: [4] }, "wmpi-buffer": { 1024: [3] }, "wmpi-array": { 1024: [20] }, "mpi4py-buffer": { 1024: [6] }, "mpi4py-object": { 1024: [8] } } } };
    const [lat] = datasetsOf("p2p", run);
    const [buf, obj] = overheadFigures(lat);
    expect([buf.id, obj.id]).toEqual(["p2p-pingpong-2-latency-overhead-buffer", "p2p-pingpong-2-latency-overhead-object"]);
    expect(buf.title).toBe("Ping-pong, 2 ranks: one-way latency: buffer overhead vs MPICH C (mpi4py vs Open MPI C)");
    const at = (f: any) => Object.fromEntries(f.series.map((s: any) => [s.mode, Math.round(s.points[0].y)]));
    expect(at(buf)).toEqual({ "wmpi-buffer": 50, "mpi4py-buffer": 50 }); // 3 over 2, 6 over 4
    expect(at(obj)).toEqual({ "wmpi-array": 900, "mpi4py-object": 100 });
    // without object modes: the one figure, named as before
    const [only] = datasetsOf("p2p", { ...run, samples: { "pingpong@2": { mpich: { 1024: [2] }, "wmpi-buffer": { 1024: [3] } } } });
    expect(overheadFigures(only).map((f: any) => f.id)).toEqual(["p2p-pingpong-2-latency-overhead"]);
  });
  it("draws the overhead figure against the reference, on a linear percent axis, wmpi modes only", () => {
    const [lat] = datasetsOf("pingpong", PINGPONG);
    const f = overheadFigure(lat)!;
    expect(f.series.map((s: any) => s.mode)).toEqual(["buffer"]); // not postMessage
    // one-way medians: buffer 1.5, 2, 5.5 µs against MPICH 0.5, 1, 2.5 µs
    expect(f.series[0].points.map((p: any) => p.x)).toEqual([0, 8, 1024]);
    f.series[0].points.forEach((p: any, i: number) => expect(p.y).toBeCloseTo([200, 100, 120][i], 9));
    const s = plotSvg(f);
    expect(elements(s, "g", "axis")[1]["data-scale"]).toBe("linear");
    expect(elements(s, "path", "series")).toHaveLength(1);
    expect(overheadFigure({ ...lat, series: lat.series.filter((x: any) => x.mode !== "mpich") })).toBeUndefined();
    expect(valueFigure(lat).series[1].color).toBe(f.series[0].color); // a mode keeps its colour
    const paths = elements(plotSvg(valueFigure(lat)), "path", "series");
    expect(paths.map((p) => [p["data-mode"], "stroke-dasharray" in p])).toEqual([["mpich", true], ["buffer", false], ["pm-poll", false]]);
  });
});

describe("HTML report", () => {
  const datasets = [...datasetsOf("pingpong", PINGPONG), ...datasetsOf("coll", COLL)];
  const sections = datasets.map((d: any) => ({ dataset: d, table: osuTable(d), figures: figuresOf([d]).map((f: any) => ({ id: f.id, svg: plotSvg(f) })) }));
  const run = {
    machine: { date: "2026-11-29T00:00:00Z", os: "Linux", cpus: { count: 2, model: "AMD EPYC" }, memory: { totalMiB: 1024 }, node: "v20", loadavg: [0.5, 0.4, 0.3], wmpiCommit: "abc" },
    command: "node bench/suite/run.mjs --quick",
    references: { mpich: { found: true, version: "4.0.2", missing: [] }, mpi4py: { found: false, missing: ["python3"], install: "apt-get install -y python3-mpi4py python3-numpy" } },
    benchmarks: [{ name: "pingpong", status: "ok" }, { name: "coll", status: "failed", note: "exit 1" }],
  };
  const html = reportHtml(run, sections);
  it("holds every figure inline and every table", () => {
    const ids = sections.flatMap((s: any) => s.figures.map((f: any) => f.id));
    // every dataset but the barrier's (size 0 only: a table without a figure) has its figure and an overhead one
    expect(ids).toEqual(datasets.filter((d: any) => d.id !== "coll-barrier-2").flatMap((d: any) => [d.id, `${d.id}-overhead`]));
    for (const id of ids) expect(html).toContain(`<figure id="fig-${id}"><svg`);
    expect(html.match(/<svg /g)).toHaveLength(ids.length);
    expect(html.match(/<pre class="osu-table">/g)).toHaveLength(datasets.length);
    expect(html).toContain("# Size");
  });
  it("reports a missing reference with its install command, and failed benchmarks", () => {
    expect(html).toContain("MISSING");
    expect(html).toContain("apt-get install -y python3-mpi4py");
    expect(html).toMatch(/coll: failed — exit 1/);
  });
  it("opens offline: no script, no external resource", () => {
    expect(html).not.toMatch(/<script|<link|src=|@import/i);
    const urls = [...html.matchAll(/https?:\/\/[^"' <]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
  });
});

describe("start-up targets", () => {
  it("judges wmpi against MPICH's median at 4 ranks (2.5x) and 64 ranks (1.0x), where both ran", () => {
    const wall = { mpich: { 4: [0.2, 0.1, 0.3], 64: [4] }, "wmpi-thread": { 4: [0.5, 0.4, 0.9], 64: [3.9] }, "wmpi-process": { 4: [0.6] } };
    const v = judge(wall);
    expect(v.map((x: any) => [x.mode, x.ranks, x.limit, x.ok])).toEqual([
      ["wmpi-thread", 4, 2.5, true],
      ["wmpi-process", 4, 2.5, false],
      ["wmpi-thread", 64, 1, true],
    ]);
    v.forEach((x: any, i: number) => expect(x.ratio).toBeCloseTo([0.5 / 0.2, 0.6 / 0.2, 3.9 / 4][i], 9));
    expect(judge({ "wmpi-thread": { 4: [1] } })).toEqual([]);
  });
});

describe("progress", () => {
  it("reads a step's own k/n and draws a bar", () => {
    expect(stepFraction("[3/8] round 1, 4 ranks, mpich: 0.1 s")).toBe(3 / 8);
    expect(stepFraction("round 2/4: buffer done")).toBe(0.5);
    expect(stepFraction("building osu_c.wasm")).toBeUndefined();
    expect(bar(0.5, 10)).toBe("[#####-----]");
  });
  it("writes one plain line per step start and end when not on a terminal", () => {
    let text = "";
    const p = createProgress(2, { isTTY: false, write: (s: string) => (text += s) } as any);
    p.start("pingpong");
    p.line("round 1/3");
    p.end("ok");
    p.start("coll");
    p.end("failed", "exit 1");
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[1\/2\] pingpong: started/);
    expect(lines[1]).toMatch(/^\[1\/2\] pingpong: ok \d+ s$/);
    expect(lines[3]).toMatch(/^\[2\/2\] coll: failed \(exit 1\) \d+ s$/);
    expect(text).not.toContain("\r");
  });
});
