// The wmpi side of bench/collectives.mjs: osu_bcast / osu_allreduce / osu_alltoall / osu_allgather /
// osu_barrier style measurements, the same plan and order as bench/native/osu_coll.c.
//
//   node bin/wmpiexec.js -n N bench/wmpi-coll.ts --op OP --mode MODE --plan SIZE:ITERS:WARMUP,... [--budget-ms MS]
//
// OP is bcast | allreduce | alltoall | allgather | barrier. SIZE counts bytes as OSU does: the
// broadcast message, the allreduce vector (Float64Array, MPI.SUM), the block each rank sends to
// each rank (alltoall) or contributes (allgather); barrier cases take SIZE 0.
//
// Modes:
//   buffer  the mpi4py buffer forms on ordinary TypedArrays: comm.Bcast(u8, 0),
//           comm.Allreduce(f64, f64, MPI.SUM), comm.Alltoall(u8, u8), comm.Allgather(u8, u8),
//           comm.Barrier()
//   alloc   the same on views from MPI.Alloc_mem (no staging copies in the facade)
//   object  the mpi4py object forms through the serializer, against mpi4py's pickle:
//           comm.bcast(Uint8Array(SIZE), 0), comm.allreduce(Float64Array(SIZE/8), MPI.SUM),
//           comm.alltoall(list of N Uint8Array(SIZE)), comm.allgather(Uint8Array(SIZE));
//           not barrier (the same operation in both forms)
//   p2p     the same operations written in this file with the facade's point-to-point calls
//           (linear or pairwise exchanges, no tree): a naive baseline, and a way to run the
//           harness where the collectives are missing
//   core    diagnostic: Alloc_mem buffers passed straight to the core's collective exports
//           (dist/abi internals), i.e. the C algorithms and the device without the facade
//
// Every operation is timed on its own (MPI.Wtime before and after) and, except in the barrier
// benchmark, followed by an untimed barrier, as OSU does. A rank's latency is the mean of its
// timed operations; rank 0 prints one JSON line per case with the max, min and mean over ranks.
// Pass 1 runs every case's warm-up (V8 tiers the facade up after some 10^4 calls, and the timed
// loop must have seen every case's closure); pass 2, per case, one operation whose result every
// rank checks, the warm-up again, then the timed operations. ITERS and WARMUP are upper bounds:
// the warm-up runs in batches of 1, 2, 4, ... operations and stops after about MS milliseconds
// (default 400) on the slowest rank; the timed operations are as many as fit into MS at the
// slowest rank's time per operation in the last warm-up batch (at least 5).
import { MPI } from "wmpi";

const argv = process.argv;
const arg = (name: string, dflt?: string): string => {
  const i = argv.indexOf(name);
  if (i < 0 || i + 1 >= argv.length) {
    if (dflt !== undefined) return dflt;
    throw new Error(`wmpi-coll: ${name} is required`);
  }
  return argv[i + 1];
};
const OPS = ["bcast", "allreduce", "alltoall", "allgather", "barrier"] as const;
type Op = (typeof OPS)[number];
const op = arg("--op") as Op;
if (!OPS.includes(op)) throw new Error(`wmpi-coll: unknown --op ${op}`);
const mode = arg("--mode", "buffer");
if (!["buffer", "alloc", "object", "p2p", "core"].includes(mode)) throw new Error(`wmpi-coll: unknown --mode ${mode}`);
if (mode === "object" && op === "barrier") throw new Error("wmpi-coll: --mode object has no barrier (it is Barrier)");
const budget = Number(arg("--budget-ms", "400")) / 1000;
const plan = arg("--plan")
  .split(",")
  .map((item) => {
    const [size, iters, warmup] = item.split(":").map(Number);
    if (![size, iters, warmup].every((x) => Number.isInteger(x) && x >= 0)) throw new Error(`wmpi-coll: bad --plan item ${item}`);
    if (op === "allreduce" && size % 8) throw new Error(`wmpi-coll: allreduce sizes must be multiples of 8 (Float64Array): ${item}`);
    return { size: op === "barrier" ? 0 : size, iters: Math.max(1, iters), warmup };
  });

// Untyped access to the facade: the collectives are being added to it, and this file must also
// load (for --mode p2p) where they are not there yet.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const comm: any = MPI.COMM_WORLD;
const rank: number = comm.Get_rank();
const nprocs: number = comm.Get_size();
const SUM = (MPI as unknown as Record<string, unknown>).SUM;

if (mode !== "p2p" && mode !== "core") {
  const need: Record<Op, string> = { bcast: "Bcast", allreduce: "Allreduce", alltoall: "Alltoall", allgather: "Allgather", barrier: "Barrier" };
  const missing = [...new Set([mode === "object" ? op : need[op], "Barrier"])].filter((m) => typeof comm[m] !== "function");
  if (op === "allreduce" && SUM === undefined) missing.push("MPI.SUM");
  if (missing.length) {
    // exit code 3 tells the driver that this wmpi has no such collective (not a failure of one)
    if (rank === 0) console.error(`wmpi-coll: this wmpi has no ${missing.join(", ")} (use --mode p2p to run the harness without them)`);
    process.exit(3);
  }
}

/** The byte at index i of the block that rank `from` sends to rank `to` in a case of `size` bytes (as osu_coll.c). */
const pattern = (from: number, to: number, i: number, size: number): number => (i * 13 + from * 31 + to * 7 + size + 1) & 255;

// ---------------------------------------------------------------- the p2p baseline

const P2P_TAG = 77;
const empty = new Uint8Array(0);

const p2p = {
  /** Dissemination barrier: ceil(log2 N) rounds of zero-byte exchanges. */
  Barrier(): void {
    for (let d = 1; d < nprocs; d *= 2) comm.Sendrecv(empty, (rank + d) % nprocs, P2P_TAG, empty, (rank - d + nprocs) % nprocs, P2P_TAG);
  },
  /** Linear broadcast from rank 0. */
  Bcast(buf: Uint8Array): void {
    if (rank === 0) for (let r = 1; r < nprocs; r++) comm.Send(buf, r, P2P_TAG);
    else comm.Recv(buf, 0, P2P_TAG);
  },
  /** Reduce to rank 0 in rank order, then the linear broadcast. */
  Allreduce(sbuf: Float64Array, rbuf: Float64Array, tmp: Float64Array): void {
    if (rank === 0) {
      rbuf.set(sbuf);
      for (let r = 1; r < nprocs; r++) {
        comm.Recv(tmp, r, P2P_TAG);
        for (let i = 0; i < rbuf.length; i++) rbuf[i] += tmp[i];
      }
      for (let r = 1; r < nprocs; r++) comm.Send(rbuf, r, P2P_TAG);
    } else {
      comm.Send(sbuf, 0, P2P_TAG);
      comm.Recv(rbuf, 0, P2P_TAG);
    }
  },
  /** Pairwise exchange: in step k, send to rank + k and receive from rank - k. */
  Alltoall(sbuf: Uint8Array, rbuf: Uint8Array, size: number): void {
    rbuf.set(sbuf.subarray(rank * size, (rank + 1) * size), rank * size);
    for (let k = 1; k < nprocs; k++) {
      const to = (rank + k) % nprocs;
      const from = (rank - k + nprocs) % nprocs;
      comm.Sendrecv(sbuf.subarray(to * size, (to + 1) * size), to, P2P_TAG, rbuf.subarray(from * size, (from + 1) * size), from, P2P_TAG);
    }
  },
  /** Pairwise exchange of the one block. */
  Allgather(sbuf: Uint8Array, rbuf: Uint8Array, size: number): void {
    rbuf.set(sbuf, rank * size);
    for (let k = 1; k < nprocs; k++) {
      const to = (rank + k) % nprocs;
      const from = (rank - k + nprocs) % nprocs;
      comm.Sendrecv(sbuf, to, P2P_TAG, rbuf.subarray(from * size, (from + 1) * size), from, P2P_TAG);
    }
  },
};

// ---------------------------------------------------------------- the core's exports (diagnostic)

/** The core's collective exports, reached through the built package's internals (--mode core only). */
interface CoreColl {
  wmpi_barrier(nb: number, comm: number): number;
  wmpi_bcast(nb: number, buf: number, count: number, t: number, root: number, comm: number): number;
  wmpi_allgather(nb: number, sb: number, sc: number, st: number, rb: number, rc: number, rt: number, comm: number): number;
  wmpi_alltoall(nb: number, sb: number, sc: number, st: number, rb: number, rc: number, rt: number, comm: number): number;
  wmpi_allreduce(nb: number, sb: number, rb: number, count: number, t: number, op: number, comm: number): number;
}
const internals =
  mode === "core"
    ? ((await import(new URL("../dist/mpi/environment.js", import.meta.url).href)) as { core(): { coll: CoreColl; collective(rc: number): number } }).core()
    : undefined;
const cc = internals?.coll;
const checkRc = (rc: number): void => {
  if (rc !== 0) internals!.collective(rc);
};
const W = comm.handle as number;
const BYTE = (MPI as unknown as { BYTE: { handle: number } }).BYTE.handle;
const DOUBLE = (MPI as unknown as { DOUBLE: { handle: number } }).DOUBLE.handle;
const SUM_H = mode === "core" ? (SUM as { handle: number }).handle : 0;

const barrier: () => void = mode === "p2p" ? p2p.Barrier : mode === "core" ? () => checkRc(cc!.wmpi_barrier(0, W)) : () => comm.Barrier();

// ---------------------------------------------------------------- cases

/** A prepared case: one operation, how to set up and check a result, and cleanup. */
interface Case {
  size: number;
  iters: number;
  warmup: number;
  run(): void;
  fill(): void;
  check(): void;
  free(): void;
}

const allocated: ArrayBufferView[] = [];
const pinned = mode === "alloc" || mode === "core";
function u8(n: number): Uint8Array {
  if (!pinned) return new Uint8Array(n);
  const a = MPI.Alloc_mem(Uint8Array, n);
  allocated.push(a);
  return a;
}
function f64(n: number): Float64Array {
  if (!pinned) return new Float64Array(n);
  const a = MPI.Alloc_mem(Float64Array, n);
  allocated.push(a);
  return a;
}

function fail(size: number, at: number, got: unknown, want: unknown): never {
  throw new Error(`wmpi-coll ${op} ${mode} of ${size} B: rank ${rank} got ${String(got)} at ${at}, expected ${String(want)}`);
}

function makeCase(size: number, iters: number, warmup: number): Case {
  const base = { size, iters, warmup, free() {} };
  if (mode === "object") return objectCase(size, iters, warmup);
  switch (op) {
    case "barrier":
      return { ...base, run: barrier, fill() {}, check() {} };
    case "bcast": {
      const buf = u8(size);
      return {
        ...base,
        run: mode === "p2p" ? () => p2p.Bcast(buf) : mode === "core" ? () => checkRc(cc!.wmpi_bcast(0, buf.byteOffset, size, BYTE, 0, W)) : () => comm.Bcast(buf, 0),
        fill() {
          for (let i = 0; i < size; i++) buf[i] = rank === 0 ? pattern(0, 0, i, size) : 0;
        },
        check() {
          for (let i = 0; i < size; i++) if (buf[i] !== pattern(0, 0, i, size)) fail(size, i, buf[i], pattern(0, 0, i, size));
        },
      };
    }
    case "allreduce": {
      const n = size / 8;
      const sbuf = f64(n);
      const rbuf = f64(n);
      const tmp = mode === "p2p" && rank === 0 ? new Float64Array(n) : rbuf;
      const ranks = (nprocs * (nprocs + 1)) / 2;
      return {
        ...base,
        run:
          mode === "p2p"
            ? () => p2p.Allreduce(sbuf, rbuf, tmp)
            : mode === "core"
            ? () => checkRc(cc!.wmpi_allreduce(0, sbuf.byteOffset, rbuf.byteOffset, n, DOUBLE, SUM_H, W))
            : () => comm.Allreduce(sbuf, rbuf, SUM),
        fill() {
          for (let i = 0; i < n; i++) sbuf[i] = (rank + 1) * ((i % 97) + 1);
          rbuf.fill(0);
        },
        check() {
          for (let i = 0; i < n; i++) if (rbuf[i] !== ranks * ((i % 97) + 1)) fail(size, i * 8, rbuf[i], ranks * ((i % 97) + 1));
        },
      };
    }
    case "alltoall":
      return bufferBlocks(size, iters, warmup, true);
    case "allgather":
      return bufferBlocks(size, iters, warmup, false);
  }
}

/** Alltoall (each rank sends its own block to each rank) or allgather (one block to all). */
function bufferBlocks(size: number, iters: number, warmup: number, all: boolean): Case {
  const sbuf = u8(all ? size * nprocs : size);
  const rbuf = u8(size * nprocs);
  const [sp, rp] = [sbuf.byteOffset, rbuf.byteOffset];
  const run =
    mode === "core"
      ? all
        ? () => checkRc(cc!.wmpi_alltoall(0, sp, size, BYTE, rp, size, BYTE, W))
        : () => checkRc(cc!.wmpi_allgather(0, sp, size, BYTE, rp, size, BYTE, W))
      : mode === "p2p"
      ? all
        ? () => p2p.Alltoall(sbuf, rbuf, size)
        : () => p2p.Allgather(sbuf, rbuf, size)
      : all
      ? () => comm.Alltoall(sbuf, rbuf)
      : () => comm.Allgather(sbuf, rbuf);
  return {
    size,
    iters,
    warmup,
    run,
    fill() {
      for (let to = 0; to < (all ? nprocs : 1); to++) for (let i = 0; i < size; i++) sbuf[to * size + i] = pattern(rank, to, i, size);
      rbuf.fill(0);
    },
    check() {
      for (let from = 0; from < nprocs; from++)
        for (let i = 0; i < size; i++) {
          const want = pattern(from, all ? rank : 0, i, size);
          if (rbuf[from * size + i] !== want) fail(size, from * size + i, rbuf[from * size + i], want);
        }
    },
    free() {},
  };
}

/**
 * The object forms (mpi4py's pickle-based lowercase calls): bcast and allgather of a Uint8Array,
 * alltoall of a list of N of them, allreduce of a Float64Array with MPI.SUM element by element.
 */
function objectCase(size: number, iters: number, warmup: number): Case {
  const blocks: Uint8Array[] = [];
  for (let to = 0; to < (op === "alltoall" ? nprocs : 1); to++) blocks.push(new Uint8Array(size));
  const vec = new Float64Array(size / 8);
  const sum = (nprocs * (nprocs + 1)) / 2;
  let got: unknown;
  const run: Record<Exclude<Op, "barrier">, () => unknown> = {
    bcast: () => comm.bcast(rank === 0 ? blocks[0] : undefined, 0),
    allreduce: () => comm.allreduce(vec, SUM),
    alltoall: () => comm.alltoall(blocks),
    allgather: () => comm.allgather(blocks[0]),
  };
  const want = (from: number, i: number): number => (op === "alltoall" ? pattern(from, rank, i, size) : pattern(op === "bcast" ? 0 : from, 0, i, size));
  const checkBlock = (b: unknown, from: number): void => {
    if (!(b instanceof Uint8Array) || b.length !== size) fail(size, from, Object.prototype.toString.call(b), `Uint8Array(${size})`);
    for (let i = 0; i < size; i++) if (b[i] !== want(from, i)) fail(size, from * size + i, b[i], want(from, i));
  };
  return {
    size,
    iters,
    warmup,
    run() {
      got = run[op as Exclude<Op, "barrier">]();
    },
    fill() {
      blocks.forEach((b, to) => {
        for (let i = 0; i < size; i++) b[i] = pattern(rank, op === "alltoall" ? to : 0, i, size);
      });
      for (let i = 0; i < vec.length; i++) vec[i] = (rank + 1) * ((i % 97) + 1);
      got = undefined;
    },
    check() {
      if (op === "bcast") checkBlock(got, 0);
      else if (op === "allreduce") {
        const r = got as Float64Array;
        if (!(r instanceof Float64Array) || r.length !== vec.length) fail(size, -1, Object.prototype.toString.call(r), `Float64Array(${vec.length})`);
        for (let i = 0; i < r.length; i++) if (r[i] !== sum * ((i % 97) + 1)) fail(size, i * 8, r[i], sum * ((i % 97) + 1));
      } else {
        if (!Array.isArray(got) || got.length !== nprocs) fail(size, -1, Object.prototype.toString.call(got), `a list of ${nprocs}`);
        got.forEach(checkBlock);
      }
      got = undefined;
    },
    free() {},
  };
}

// ---------------------------------------------------------------- timing (as osu_coll.c)

/** Runs n operations as OSU does; returns this rank's summed time inside the operations (s). */
function timedOps(c: Case, n: number): number {
  const run = c.run;
  const between = op !== "barrier";
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t0 = MPI.Wtime();
    run();
    sum += MPI.Wtime() - t0;
    if (between) barrier();
  }
  return sum;
}

const maxOverRanks = (x: number): number => {
  const all: number[] = comm.allgather === undefined || mode === "p2p" ? gatherP2P(x) : comm.allgather(x);
  return Math.max(...all);
};

/** Every rank's number, by the p2p calls (where the object collectives are missing or not to be used). */
function gatherP2P(x: number): number[] {
  const all = [x];
  for (let k = 1; k < nprocs; k++) all.push(comm.sendrecv(x, (rank + k) % nprocs, P2P_TAG + 1, (rank - k + nprocs) % nprocs, P2P_TAG + 1) as number);
  return all;
}

/** Runs n operations; returns the slowest rank's wall time per operation (s), barriers included. */
function wallPerOp(c: Case, n: number): number {
  const t0 = MPI.Wtime();
  timedOps(c, n);
  return maxOverRanks((MPI.Wtime() - t0) / Math.max(1, n));
}

/** How many operations fit into `time` seconds at perOp seconds each, between lo and hi. */
const fit = (time: number, perOp: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, perOp > 0 ? Math.floor(time / perOp) : hi));

/**
 * Warm-up: up to n operations in batches of 1, 2, 4, ... until about the budget went by on the
 * slowest rank. Returns the slowest rank's wall time per operation in the last batch and the
 * number of operations run.
 */
function warm(c: Case, n: number): [number, number] {
  let spent = 0;
  let perOp = 0;
  let done = 0;
  for (let batch = 1; done < n && spent < budget; batch *= 2) {
    let k = Math.min(batch, n - done);
    if (perOp > 0) k = fit(budget - spent, perOp, 1, k);
    perOp = wallPerOp(c, k);
    spent += perOp * k;
    done += k;
  }
  return [perOp, done];
}

/** The cost of one MPI.Wtime() call (µs): every timed operation includes two (about one in the figure). */
function timerCost(): number {
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = MPI.Wtime();
    for (let i = 0; i < 20000; i++) MPI.Wtime();
    best = Math.min(best, ((MPI.Wtime() - t0) * 1e6) / 20001);
  }
  return best;
}
const timerUs = timerCost();

const cases = plan.map(({ size, iters, warmup }) => makeCase(size, iters, warmup));
// pass 1: every case's warm-up
for (const c of cases) warm(c, c.warmup);
// pass 2: check, warm up again, time
for (const c of cases) {
  c.fill();
  c.run();
  c.check();
  barrier();
  const [perOp, warmup] = warm(c, Math.max(1, c.warmup));
  const iters = fit(budget, perOp, Math.min(c.iters, 5), c.iters);
  const lat = (timedOps(c, iters) * 1e6) / iters;
  const all = comm.allgather === undefined || mode === "p2p" ? gatherP2P(lat) : (comm.allgather(lat) as number[]);
  if (rank === 0) {
    const sum = all.reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify({ op, mode, case: String(c.size), size: c.size, iters, warmup, max_us: Math.max(...all), min_us: Math.min(...all), avg_us: sum / nprocs, timer_us: timerUs, verified: true }),
    );
  }
}
for (const c of cases) c.free();
for (const a of allocated) MPI.Free_mem(a);
