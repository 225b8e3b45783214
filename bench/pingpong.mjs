// Ping-pong benchmark (osu_latency style) of wmpi against native MPICH and Node postMessage,
// measured side by side in one run.
//
//   node bench/pingpong.mjs            full run (about 1 minute on a quiet 2-core machine) = npm run bench
//   node bench/pingpong.mjs --quick    short run (about 30 s), noisier
//   node bench/pingpong.mjs --help     all options
//   node bench/pingpong.mjs --net      the network channel instead (= node bench/net-pingpong.mjs): wmpi
//                                      in process mode over unix, tcp and ws against MPICH and Open MPI
//                                      forced onto TCP, with ratios to the best native TCP figure
//
// Every contender is a separate job that runs the same plan (message sizes, iterations, warm-up):
//   mpich       bench/native/pingpong.c, built here with mpicc.mpich -O2, run by mpiexec.mpich -n 2
//   buffer      wmpi Send/Recv of ordinary TypedArrays             (bench/wmpi-pingpong.ts)
//   alloc       wmpi Send/Recv of MPI.Alloc_mem views              (bench/wmpi-pingpong.ts)
//   object      wmpi send/recv of {data: Uint8Array(size)}         (bench/wmpi-pingpong.ts)
//   pm-poll     postMessage between two worker_threads, receiver spins on receiveMessageOnPort
//   pm-event    postMessage between two worker_threads, receiver waits in its event loop
// and, for the network channel (--net selects them; any can be named in --modes):
//   proc-unix, proc-tcp, proc-ws   the alloc job (or --proc-job buffer) of 2 ranks run by
//               wmpiexec --mode process --net unix|tcp|ws: one Node process per rank
//   mpich-tcp   the MPICH reference with its traffic forced onto TCP (mpichTcpEnv, bench/mpich-tcp.mjs)
//   openmpi-tcp bench/native/pingpong.c built with mpicc.openmpi, run by mpirun.openmpi
//               --mca pml ob1 --mca btl tcp,self --mca btl_tcp_if_include lo
// A network reference whose compiler or launcher is missing is skipped with a note.
// The jobs are interleaved (one round runs each once, in a rotated order) and the round is
// repeated; a figure is the median over rounds, with the range beside it. Each job checks the
// received bytes of every case once before timing it. A job during which other processes used
// more than --max-foreign-load cores is run again (up to twice). Results: bench/RESULTS.md.
//
// Figures: half the mean round trip (one-way latency, µs) up to 16 KiB; from 64 KiB on, ping-pong
// bandwidth = size / one-way time (MB/s = 1e6 bytes/s), as IMB PingPong reports (no osu_bw window).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { have } from "./have-command.mjs";
import { cpuTimes, foreignLoad, waitQuiet } from "./machine-load.mjs";
import { median, parseSize } from "./stats.mjs";
import { mpichTcpEnv, mpichTcpNote } from "./mpich-tcp.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, "out");
const KiB = 1024;
const MiB = 1024 * KiB;
const DEFAULT_SIZES = [0, 1, 8, 64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB, 16 * MiB];
/** Up to this size a row shows latency; above it, bandwidth. */
const LATENCY_MAX = 16 * KiB;
const ALL_MODES = ["mpich", "buffer", "alloc", "object", "pm-poll", "pm-event"];
/** --net: wmpi across processes over each transport, and the natives over TCP. */
const NET_MODES = ["mpich-tcp", "openmpi-tcp", "proc-unix", "proc-tcp", "proc-ws"];
const NET_SIZES = [8, KiB, 16 * KiB, 64 * KiB, MiB, 4 * MiB];
/** The references of --net: a ratio compares with the better of the two in each row. */
const NET_REFS = ["mpich-tcp", "openmpi-tcp"];
/** `core` is a diagnostic: Alloc_mem buffers handed to the core's exports without the facade. */
const KNOWN_MODES = [...ALL_MODES, "core", ...NET_MODES];
const PROC_MODES = new Set(["proc-unix", "proc-tcp", "proc-ws"]);
const WMPI_MODES = new Set(["buffer", "alloc", "object", "core", ...PROC_MODES]);

const USAGE = `Usage: node bench/pingpong.mjs [options]

Ping-pong of 2 ranks: wmpi (buffer, Alloc_mem and object modes) against native MPICH
and Node postMessage, interleaved, printed side by side with ratios to MPICH.

Options:
  --quick                fewer iterations (about 30 s in all)
  --reps N               rounds of interleaved runs (default 3); figures are medians
  --sizes LIST           message sizes, e.g. 0,8,4K,1M (default 0 B .. 16 MiB)
  --modes LIST           contenders to run (default ${ALL_MODES.join(",")});
                         also "core": a diagnostic wmpi run without the facade (Alloc_mem
                         buffers passed straight to the core's send/recv exports), and the
                         network modes ${NET_MODES.join(",")}
  --net                  the network benchmark: default modes ${NET_MODES.join(",")},
                         sizes 8,1K,16K,64K,1M,4M, ratios to the best native TCP reference
  --proc-job buffer|alloc  the wmpi job the proc-* modes run (default alloc)
  --eager-limit BYTES    wmpi eager limit for every wmpi run (wmpiexec --eager-limit)
  --eager-sweep LIST     also run buffer and alloc modes with each of these eager limits,
                         e.g. 4K,64K (extra columns; the targets use the default runs)
  --timeout S            seconds before a single job is declared hung (default 300)
  --max-foreign-load X   a job during which other processes used more than X cores on
                         average is run again, up to twice (default 0.25)
  --json FILE            also write all samples as JSON (default bench/out/last-run.json)
  -h, --help             this text
`;

// ---------------------------------------------------------------- options

function parseOptions(argv) {
  const o = { quick: false, net: false, procJob: "alloc", reps: 3, sizes: undefined, modes: undefined, eagerLimit: undefined, sweep: [], timeout: 300, maxForeign: 0.25, json: path.join(OUT, "last-run.json") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (a === "--quick") o.quick = true;
    else if (a === "--net") o.net = true;
    else if (a === "--proc-job") {
      o.procJob = value();
      if (!["alloc", "buffer"].includes(o.procJob)) throw new Error(`--proc-job must be alloc or buffer, not ${o.procJob}`);
    }
    else if (a === "--reps") o.reps = Math.max(1, Number.parseInt(value(), 10));
    else if (a === "--sizes") o.sizes = value().split(",").map(parseSize);
    else if (a === "--modes") {
      o.modes = value().split(",");
      for (const m of o.modes) if (!KNOWN_MODES.includes(m)) throw new Error(`unknown mode ${m} (known: ${KNOWN_MODES.join(", ")})`);
    } else if (a === "--eager-limit") o.eagerLimit = parseSize(value());
    else if (a === "--eager-sweep") o.sweep = value().split(",").map(parseSize);
    else if (a === "--timeout") o.timeout = Number(value());
    else if (a === "--max-foreign-load") o.maxForeign = Number(value());
    else if (a === "--json") o.json = path.resolve(value());
    else throw new Error(`unknown option ${a}\n\n${USAGE}`);
  }
  o.sizes ??= o.net ? NET_SIZES : DEFAULT_SIZES;
  o.modes ??= o.net ? NET_MODES : ALL_MODES;
  return o;
}

// ---------------------------------------------------------------- the plan

/**
 * Iterations per case. Small messages need a long warm-up: V8 tiers the facade up only after
 * some 10^4 calls (measured: 8 B round trips take 34 µs in the first 2000, ~1 µs after 30000).
 * Large ones are limited by bytes moved.
 */
function planFor(size, quick, mode) {
  const q = quick ? 4 : 1;
  if (PROC_MODES.has(mode)) {
    // A round trip between processes costs 100+ µs here (RESULTS.md, "Network channel"), not
    // 1: the in-process plan would take minutes. The facade's JIT warm-up matters less there.
    if (size <= LATENCY_MAX) return [Math.round(3000 / q), Math.round(1000 / q)];
    const iters = Math.max(quick ? 6 : 16, Math.min(1000, Math.round((quick ? 32 : 128) * MiB / size)));
    return [iters, Math.max(3, Math.round(iters / 4))];
  }
  if (mode === "pm-event") return size <= LATENCY_MAX ? [Math.round(3000 / q), 1000] : planFor(size, quick, "pm-poll");
  const pm = mode === "pm-poll";
  if (size <= KiB) return pm ? [Math.round(10000 / q), 3000] : [Math.round(50000 / q), 20000];
  if (size <= LATENCY_MAX) return pm ? [Math.round(5000 / q), 2000] : [Math.round(20000 / q), 10000];
  const iters = Math.max(quick ? 6 : 16, Math.min(5000, Math.round((quick ? 64 : 512) * MiB / size)));
  return [iters, Math.max(3, Math.round(iters / 4))];
}

/** The cases of one contender: sizes, and in object-like modes the small dict and the Float64Array object. */
function casesFor(mode, o) {
  const cases = o.sizes.map((s) => ({ name: String(s), size: s }));
  if (mode === "object" || mode.startsWith("pm-")) {
    cases.push({ name: "dict", size: 0 });
    if (o.sizes.includes(MiB)) cases.push({ name: `f64:${MiB}`, size: MiB });
  }
  return cases;
}

function planArg(mode, o) {
  return casesFor(mode, o)
    .map((c) => {
      const [iters, warmup] = planFor(c.size, o.quick, mode);
      return `${c.name}:${iters}:${warmup}`;
    })
    .join(",");
}

// ---------------------------------------------------------------- jobs

/** Runs one job; resolves to its JSON lines. Kills its process group if it outlives the timeout. */
function runJob(cmd, args, env, timeoutS) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      reject(new Error(`${cmd} ${args.join(" ")}: no result after ${timeoutS} s (hung?)\n${err}`));
    }, timeoutS * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${err}${out}`));
        return;
      }
      const lines = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
      resolve({ lines, stderr: err });
    });
  });
}

/** Open MPI may refuse to start as root without these (the CI containers run as root). */
const OMPI_ROOT_ENV = { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" };

function contender(mode, o, eagerLimit, info) {
  const plan = planArg(mode, o);
  if (mode === "mpich") return { cmd: "mpiexec.mpich", args: ["-n", "2", path.join(OUT, "pingpong-native"), "--plan", plan], env: {} };
  if (mode === "mpich-tcp") return { cmd: "mpiexec.mpich", args: ["-n", "2", path.join(OUT, "pingpong-native"), "--plan", plan], env: mpichTcpEnv(info.mpichDevice) };
  if (mode === "openmpi-tcp") {
    // ob1 with only the tcp and self BTLs: no vader (shared memory), no UCX; over loopback, as wmpi's --bind default
    const mca = ["--mca", "pml", "ob1", "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo"];
    return { cmd: "mpirun.openmpi", args: ["-n", "2", ...mca, path.join(OUT, "pingpong-openmpi"), "--plan", plan], env: OMPI_ROOT_ENV };
  }
  if (mode.startsWith("pm-")) return { cmd: process.execPath, args: [path.join(HERE, "postmessage.mjs"), "--variant", mode.slice(3), "--plan", plan], env: {} };
  const launcher = [path.join(ROOT, "bin", "wmpiexec.js"), "-n", "2"];
  if (PROC_MODES.has(mode)) launcher.push("--mode", "process", "--net", mode.slice(5));
  if (eagerLimit !== undefined) launcher.push("--eager-limit", String(eagerLimit));
  const job = PROC_MODES.has(mode) ? o.procJob : mode;
  return { cmd: process.execPath, args: [...launcher, path.join(HERE, "wmpi-pingpong.ts"), "--mode", job, "--plan", plan], env: {} };
}

// ---------------------------------------------------------------- preparation

function newest(dir, ext) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Builds bench/native/pingpong.c with `cc` into bench/out/`name`; returns the error, if any. */
function buildNative(cc, name) {
  try {
    execFileSync(cc, ["-O2", "-Wall", "-o", path.join(OUT, name), path.join(HERE, "native", "pingpong.c")], { stdio: ["ignore", "ignore", "pipe"] });
    return undefined;
  } catch (e) {
    return String(e.stderr ?? "").trim().split("\n")[0] || e.message;
  }
}

/** Builds the native references; drops (with a note) a network reference that cannot run here. */
function prepare(o) {
  mkdirSync(OUT, { recursive: true });
  const notes = [];
  if (o.modes.includes("mpich") || o.modes.includes("mpich-tcp")) {
    const err = have("mpiexec.mpich") ? buildNative("mpicc.mpich", "pingpong-native") : "mpiexec.mpich not found";
    // the in-process benchmark's reference is required; the network one is skipped
    if (err && o.modes.includes("mpich")) throw new Error(`cannot build the MPICH reference with mpicc.mpich (apt-get install -y mpich libmpich-dev): ${err}`);
    if (err) {
      notes.push(`MPICH over TCP skipped: ${err} (apt-get install -y mpich libmpich-dev)`);
      o.modes = o.modes.filter((m) => m !== "mpich-tcp");
    }
  }
  if (o.modes.includes("openmpi-tcp")) {
    const err = have("mpirun.openmpi") ? buildNative("mpicc.openmpi", "pingpong-openmpi") : "mpirun.openmpi not found";
    if (err) {
      notes.push(`Open MPI over TCP skipped: ${err} (apt-get install -y openmpi-bin libopenmpi-dev)`);
      o.modes = o.modes.filter((m) => m !== "openmpi-tcp");
    }
  }
  if (o.modes.some((m) => WMPI_MODES.has(m))) {
    const dist = path.join(ROOT, "dist", "launcher", "main.js");
    const wasm = path.join(ROOT, "build", "wmpi.wasm");
    for (const f of [dist, wasm]) if (!existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: build wmpi first (npm run build)`);
    if (newest(path.join(ROOT, "ts"), ".ts") > statSync(dist).mtimeMs) notes.push("warning: ts/ is newer than dist/: the measured facade may be stale (npm run build)");
    const csrc = Math.max(newest(path.join(ROOT, "wasm"), ".c"), newest(path.join(ROOT, "wasm"), ".h"));
    if (csrc > statSync(wasm).mtimeMs) notes.push("warning: wasm/ is newer than build/wmpi.wasm: the measured core may be stale (npm run build)");
  }
  return notes;
}

function machine() {
  const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? "unknown";
  let mpich = "";
  let mpichDevice = "";
  try {
    const v = execFileSync("mpichversion", [], { encoding: "utf8" });
    mpich = v.match(/MPICH Version:\s*(\S+)/)?.[1] ?? "";
    mpichDevice = v.match(/MPICH Device:\s*(\S+)/)?.[1] ?? "";
  } catch {}
  let openmpi = "";
  try {
    openmpi = execFileSync("mpirun.openmpi", ["--version"], { encoding: "utf8", env: { ...process.env, ...OMPI_ROOT_ENV } }).match(/Open(?:RTE| MPI)\)?\s*(\S+)/)?.[1] ?? "";
  } catch {}
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain", "--", "ts", "wasm"], { cwd: ROOT, encoding: "utf8" }).trim()) commit += " + uncommitted ts/ or wasm/ changes";
  } catch {}
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu, node: process.version, mpich, mpichDevice, openmpi, kernel: os.release(), commit, date: new Date().toISOString() };
}

// ---------------------------------------------------------------- statistics and printing


/** The figure of a row: one-way latency in µs, or bandwidth in MB/s. */
function figure(size, rtUs, isLatency) {
  const oneWay = rtUs / 2;
  return isLatency ? oneWay : size / oneWay; // bytes/µs = MB/s
}

function fmt(x, isLatency) {
  if (!Number.isFinite(x)) return "—";
  if (isLatency) return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
  return x < 100 ? x.toFixed(1) : x.toFixed(0);
}

function label(name) {
  if (name === "dict") return "dict {a:1,b:[1,2,3]}";
  if (name.startsWith("f64:")) return `{data: Float64Array} ${label(name.slice(4))}`;
  const s = Number(name);
  if (s >= MiB && s % MiB === 0) return `${s / MiB} MiB`;
  if (s >= KiB && s % KiB === 0) return `${s / KiB} KiB`;
  return `${s} B`;
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  return [line(header), "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|", ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const notes = prepare(o);
  const info = machine();
  // the reference of the ratio columns: MPICH in process, or the better native over TCP in each row
  const refKeys = o.net ? NET_REFS.filter((k) => o.modes.includes(k)) : o.modes.includes("mpich") ? ["mpich"] : [];
  const refName = o.net ? "native TCP" : "MPICH";
  const columns = o.modes.map((mode) => ({ key: mode, mode, eager: o.eagerLimit }));
  for (const e of o.sweep)
    for (const mode of ["buffer", "alloc"]) if (o.modes.includes(mode)) columns.push({ key: `${mode}@${e}`, mode, eager: e });
  const names = { mpich: "MPICH", buffer: "wmpi buffer", alloc: "wmpi Alloc_mem", object: "wmpi object", "pm-poll": "postMessage poll", "pm-event": "postMessage event", core: "wmpi core only",
    "mpich-tcp": "MPICH TCP", "openmpi-tcp": "Open MPI TCP", "proc-unix": "wmpi unix", "proc-tcp": "wmpi tcp", "proc-ws": "wmpi ws" };
  const title = (c) => (c.key.includes("@") ? `${names[c.mode]} E=${label(String(c.eager))}` : names[c.mode]);

  const openmpi = o.modes.includes("openmpi-tcp") ? `, Open MPI ${info.openmpi || "?"}` : "";
  console.log(`wmpi ping-pong, 2 ranks: ${info.nproc} cores, ${info.cpu}, Node ${info.node}, MPICH ${info.mpich || "?"}${openmpi}, ${info.date}`);
  if (info.commit) console.log(`wmpi at ${info.commit}`);
  console.log(`command: node bench/pingpong.mjs ${process.argv.slice(2).join(" ")}`.trimEnd());
  if (o.modes.includes("mpich-tcp"))
    console.log(mpichTcpNote(info.mpichDevice));
  if (o.modes.some((m) => PROC_MODES.has(m))) console.log(`wmpi proc-* modes: the ${o.procJob} job, one process per rank (wmpiexec --mode process --net X)`);
  for (const n of notes) console.log(n);
  console.log(`${o.reps} rounds of ${columns.length} interleaved jobs (${columns.map((c) => c.key).join(", ")})`);

  // samples[key][case] = [rt_us per round]
  const samples = Object.fromEntries(columns.map((c) => [c.key, {}]));
  let library = "";
  const disturbed = [];
  for (let rep = 0; rep < o.reps; rep++) {
    const order = columns.map((_, i) => columns[(i + rep) % columns.length]);
    const times = [];
    for (const c of order) {
      const job = contender(c.mode, o, c.eager, info);
      let lines;
      let load = 0;
      for (let attempt = 0; ; attempt++) {
        const before = await waitQuiet(o.maxForeign, 30);
        if (before >= o.maxForeign) console.log(`  (other processes use ${before.toFixed(2)} cores; running ${c.key} anyway)`);
        const a = cpuTimes();
        ({ lines } = await runJob(job.cmd, job.args, job.env, o.timeout));
        const b = cpuTimes();
        load = foreignLoad(a, b);
        times.push(`${c.key} ${(b.wall - a.wall).toFixed(1)}s${load >= o.maxForeign ? ` (other load ${load.toFixed(2)} cores${attempt < 2 ? ", again" : ""})` : ""}`);
        if (load < o.maxForeign || attempt === 2) break;
      }
      if (load >= o.maxForeign) disturbed.push(`${c.key} round ${rep + 1}: other processes used ${load.toFixed(2)} cores`);
      const expected = casesFor(c.mode, o).map((x) => x.name);
      const got = lines.filter((l) => l.case !== undefined);
      for (const l of lines) if (l.library && c.mode.startsWith("mpich")) library = l.library;
      const missing = expected.filter((n) => !got.some((l) => l.case === n));
      if (missing.length) throw new Error(`${c.key}: no result for ${missing.join(", ")}`);
      for (const l of got) {
        if (l.verified !== true) throw new Error(`${c.key}: case ${l.case} was not verified`);
        (samples[c.key][l.case] ??= []).push(l.rt_us);
      }
    }
    console.log(`round ${rep + 1}/${o.reps}: ${times.join(", ")}`);
  }
  if (library && !info.mpich) info.mpich = library.replace(/^MPICH Version:\s*/, "");

  // rows
  const allCases = [];
  for (const c of columns) for (const x of casesFor(c.mode, o)) if (!allCases.some((y) => y.name === x.name)) allCases.push(x);
  const isLat = (x) => x.name === "dict" || (!x.name.startsWith("f64:") && x.size <= LATENCY_MAX);
  const stat = (key, x) => {
    const rts = samples[key]?.[x.name];
    if (!rts) return undefined;
    const figs = rts.map((rt) => figure(x.size, rt, isLat(x)));
    return { med: median(figs), min: Math.min(...figs), max: Math.max(...figs), figs };
  };
  const ref = (x) => (x.name.startsWith("f64:") ? { ...x, name: x.name.slice(4) } : x);
  /** the reference figures of a row: the one reference, or the better of several by median */
  const refStat = (x) => {
    if (x.name === "dict") return undefined;
    let best;
    for (const k of refKeys) {
      const s = stat(k, ref(x));
      if (s && (!best || (isLat(x) ? s.med < best.med : s.med > best.med))) best = s;
    }
    return best;
  };
  /** ratio to the reference in the row's unit, from medians; range from the rounds paired in time */
  const ratio = (key, x) => {
    const a = stat(key, x);
    const b = refStat(x);
    if (!a || !b) return undefined;
    const paired = a.figs.map((f, i) => f / b.figs[i]).filter(Number.isFinite);
    return { med: a.med / b.med, min: Math.min(...paired), max: Math.max(...paired) };
  };
  const ratioCols = new Set(columns.filter((c) => WMPI_MODES.has(c.mode)).map((c) => c.key));
  const header = ["case", "unit"];
  for (const c of columns) {
    header.push(title(c));
    if (ratioCols.has(c.key) && refKeys.length) header.push(`x ${refName}`);
  }
  const rowsMain = [];
  const rowsRange = [];
  for (const x of allCases) {
    const lat = isLat(x);
    const r1 = [label(x.name), lat ? "µs" : "MB/s"];
    const r2 = [label(x.name), lat ? "µs" : "MB/s"];
    for (const c of columns) {
      const s = stat(c.key, x);
      r1.push(s ? fmt(s.med, lat) : "");
      r2.push(s ? `${fmt(s.min, lat)}–${fmt(s.max, lat)}` : "");
      if (ratioCols.has(c.key) && refKeys.length) {
        const r = ratio(c.key, x);
        r1.push(r ? `${r.med.toFixed(2)}x` : "");
        r2.push(r ? `${r.min.toFixed(2)}–${r.max.toFixed(2)}` : "");
      }
    }
    rowsMain.push(r1);
    rowsRange.push(r2);
  }
  console.log(`
Medians over ${o.reps} rounds. Up to ${label(String(LATENCY_MAX))}: one-way latency = half the mean round trip (µs, lower is
better). Above: ping-pong bandwidth = size / one-way time (MB/s = 1e6 B/s, higher is better).`);
  if (o.net)
    console.log(`"x native TCP" = the wmpi figure / the better of MPICH TCP and Open MPI TCP in that row (latency:
lower is better, bandwidth: higher is better). wmpi ranks are separate processes; unix, tcp
and ws name the connection between them.
`);
  else
    console.log(`"x MPICH" = the wmpi figure / the MPICH figure in the row's unit (latency: lower is better,
bandwidth: higher is better). Object rows carry {data: Uint8Array(size)}; the Float64Array
object row is compared with MPICH at the same size. Buffer and Alloc_mem modes send a
Float64Array when the size is a multiple of 8, else a Uint8Array.
`);
  console.log(table(header, rowsMain));
  console.log(`\nRanges (min–max over the ${o.reps} rounds; ratio ranges pair each wmpi run with the ${o.net ? "reference" : "MPICH"} run of its round):\n`);
  console.log(table(header, rowsRange));

  // targets
  const targets = [];
  const has = (key) => columns.some((c) => c.key === key);
  const c8 = allCases.find((x) => x.name === "8");
  if (c8 && has("mpich"))
    for (const key of ["buffer", "alloc"]) {
      const r = has(key) ? ratio(key, c8) : undefined;
      if (r) targets.push([`8 B one-way latency, ${names[key]} <= 1.5x MPICH`, `${r.med.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`, r.med <= 1.5]);
    }
  for (const key of ["buffer", "alloc"]) {
    if (!has(key) || !has("mpich")) continue;
    for (const x of allCases.filter((y) => !y.name.startsWith("f64:") && y.name !== "dict" && y.size >= MiB && y.size <= 16 * MiB)) {
      const r = ratio(key, x);
      if (r) targets.push([`${label(x.name)} bandwidth, ${names[key]} >= 1.0x MPICH`, `${r.med.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`, r.med >= 1.0]);
    }
  }
  const dict = has("object") ? stat("object", { name: "dict", size: 0 }) : undefined;
  if (dict) targets.push(["small dict object one-way latency <= 2 µs", `${fmt(dict.med, true)} µs (${fmt(dict.min, true)}–${fmt(dict.max, true)})`, dict.med <= 2]);
  const f64 = has("object") ? stat("object", { name: `f64:${MiB}`, size: MiB }) : undefined;
  const buf1m = has("buffer") ? stat("buffer", { name: String(MiB), size: MiB }) : undefined;
  if (f64 && buf1m) {
    const paired = f64.figs.map((f, i) => f / buf1m.figs[i]);
    const r = f64.med / buf1m.med;
    targets.push(["object holding a 1 MiB Float64Array >= 0.9x buffer-mode bandwidth", `${r.toFixed(2)}x (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`, r >= 0.9]);
  }
  // issue 5: latency <= 2x native over TCP, 1 MiB+ bandwidth >= 0.7x
  if (o.net && refKeys.length)
    for (const key of o.modes.filter((m) => PROC_MODES.has(m)))
      for (const x of allCases) {
        const r = ratio(key, x);
        if (!r) continue;
        if (isLat(x)) targets.push([`${label(x.name)} one-way latency, ${names[key]} <= 2x native TCP`, `${r.med.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`, r.med <= 2]);
        else if (x.size >= MiB) targets.push([`${label(x.name)} bandwidth, ${names[key]} >= 0.7x native TCP`, `${r.med.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`, r.med >= 0.7]);
      }
  if (targets.length) {
    console.log("\nTargets (median ratio, range over rounds):\n");
    console.log(table(["target", "measured", "holds"], targets.map(([t, m, ok]) => [t, m, ok ? "yes" : "NO"])));
  }
  if (disturbed.length) console.log(`\nDisturbed even after 2 reruns (figures kept, treat with care): ${disturbed.join("; ")}`);
  console.log(`\nAll ${columns.length * o.reps} jobs verified the received bytes of every case. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (o.json) {
    mkdirSync(path.dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ info, options: o, columns, samples, disturbed }, null, 1));
  }
}

main().catch((e) => {
  console.error(`bench/pingpong.mjs: ${e.message}`);
  process.exitCode = 1;
});
