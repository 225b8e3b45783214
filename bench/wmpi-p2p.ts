// The wmpi side of bench/p2p.mjs: ping-pong, osu_bw, osu_bibw and a Sendrecv ring, the twin of
// bench/native/osu_p2p.c (same tests, order, timing rules and output; its header explains them).
//
//   node bin/wmpiexec.js -n N bench/wmpi-p2p.ts --mode MODE --tests pingpong,bw,bibw,ring
//        --plan SIZE:MAXITERS:MAXWARMUP,... [--budget-ms MS] [--window W]
//
// Modes (SIZE bytes per message):
//   buffer  Send/Recv, Isend/Irecv, Sendrecv of ordinary TypedArrays (Float64Array when SIZE is a
//           multiple of 8): staged into linear memory and out again
//   alloc   the same on views from MPI.Alloc_mem: no staging copies
//   object  send/recv, isend/irecv, sendrecv of a Float64Array of SIZE/8 doubles as an object
//           (the serializer's typed-array path)
//   array   the same with a plain JS array of SIZE/8 numbers
//   dict    the same with the small dict {a: 1, b: [1, 2, 3]}: one case, reported as "dict", size 0
import { MPI } from "wmpi";

const argv = process.argv;
const arg = (name: string, fallback?: string): string => {
  const i = argv.indexOf(name);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  if (fallback === undefined) throw new Error(`wmpi-p2p: ${name} is required`);
  return fallback;
};
const MODES = ["buffer", "alloc", "object", "array", "dict"];
const TESTS = ["pingpong", "bw", "bibw", "ring"] as const;
type Test = (typeof TESTS)[number];
const mode = arg("--mode");
if (!MODES.includes(mode)) throw new Error(`wmpi-p2p: unknown --mode ${mode}`);
const tests = arg("--tests", TESTS.join(",")).split(",") as Test[];
for (const t of tests) if (!TESTS.includes(t)) throw new Error(`wmpi-p2p: unknown test ${t}`);
const budget = Number(arg("--budget-ms", "200")) / 1000;
const window = Number(arg("--window", "64"));
const plan = arg("--plan")
  .split(",")
  .map((item) => {
    const [size, iters, warmup] = item.split(":").map(Number);
    return { size: mode === "dict" ? 0 : size, iters: Math.max(5, iters), warmup: Math.max(1, warmup) };
  })
  .filter((c, i, all) => mode !== "dict" || i === all.findIndex((d) => d.size === c.size));

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const nprocs = comm.Get_size();
if (nprocs < 2) throw new Error("wmpi-p2p: run with at least 2 ranks");
if (nprocs > 2 && tests.some((t) => t !== "ring")) throw new Error("wmpi-p2p: pingpong, bw and bibw run on exactly 2 ranks");
const peer = 1 - rank;
const TAG = 1;
const ACK_TAG = 2;
const isBuffer = mode === "buffer" || mode === "alloc";

// ---------------------------------------------------------------- payloads and their checks

/** The byte (buffer modes) or the double (object modes) at index i of a message from `from`: osu_p2p.c's pattern. */
const pattern = (i: number, size: number, from: number): number => (i * 13 + size + from * 31 + 1) & 255;

type Buf = Float64Array | Uint8Array;
const u8 = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

function newBuffer(size: number): Buf {
  const aligned = size % 8 === 0;
  if (mode === "alloc") return aligned ? MPI.Alloc_mem(Float64Array, size / 8) : MPI.Alloc_mem(Uint8Array, size);
  return aligned ? new Float64Array(size / 8) : new Uint8Array(size);
}

/** The object a rank sends in a case of `size` bytes. */
function payload(size: number): unknown {
  if (mode === "dict") return { a: 1, b: [1, 2, 3] };
  const n = size / 8;
  const xs = mode === "array" ? new Array<number>(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = pattern(i, size, rank) + 0.5;
  return xs;
}

function checkObject(got: unknown, size: number, from: number, what: string): void {
  const fail = (why: string) => {
    throw new Error(`wmpi-p2p ${mode} ${what}: rank ${rank} ${why}`);
  };
  if (mode === "dict") {
    const d = got as { a?: unknown; b?: unknown[] };
    if (d?.a !== 1 || !Array.isArray(d.b) || d.b.join() !== "1,2,3") fail(`received ${JSON.stringify(got)}`);
    return;
  }
  const ok = mode === "array" ? Array.isArray(got) : got instanceof Float64Array;
  if (!ok) fail(`received ${Object.prototype.toString.call(got)}`);
  const xs = got as ArrayLike<number>;
  if (xs.length !== size / 8) fail(`received ${xs.length} numbers, expected ${size / 8}`);
  for (let i = 0; i < xs.length; i++) if (xs[i] !== pattern(i, size, from) + 0.5) fail(`wrong number at ${i}: ${xs[i]}`);
}

// ---------------------------------------------------------------- one step of each test

/** A prepared (test, size): one step with a window of w, the received data's check, cleanup. */
interface Case {
  test: Test;
  size: number;
  iters: number;
  warmup: number;
  step(w: number): void;
  /** One step with a window of 1 into a cleared receive buffer, its data checked. */
  verify(): void;
  free(): void;
}

/** Whether this rank receives in a test, and from whom: the ranks that check. */
function receivesFrom(test: Test): number | undefined {
  if (test === "ring") return (rank + nprocs - 1) % nprocs;
  if (test === "bw") return rank === 1 ? 0 : undefined;
  return peer;
}

const ack = new Uint8Array(4);
const right = (rank + 1) % nprocs;
const left = (rank + nprocs - 1) % nprocs;

function bufferCase(test: Test, size: number): Omit<Case, "iters" | "warmup"> {
  const sbuf = newBuffer(size);
  const rbuf = newBuffer(size);
  const s8 = u8(sbuf);
  for (let i = 0; i < size; i++) s8[i] = pattern(i, size, rank);
  const reqs: InstanceType<typeof MPI.Request>[] = [];
  const steps: Record<Test, (w: number) => void> = {
    pingpong: (_w) => {
      if (rank === 0) {
        comm.Send(sbuf, peer, TAG);
        comm.Recv(rbuf, peer, TAG);
      } else {
        comm.Recv(rbuf, peer, TAG);
        comm.Send(sbuf, peer, TAG);
      }
    },
    bw: (w) => {
      reqs.length = 0;
      if (rank === 0) {
        for (let i = 0; i < w; i++) reqs.push(comm.Isend(sbuf, peer, TAG));
        MPI.Request.Waitall(reqs);
        comm.Recv(ack, peer, ACK_TAG);
      } else {
        for (let i = 0; i < w; i++) reqs.push(comm.Irecv(rbuf, peer, TAG));
        MPI.Request.Waitall(reqs);
        comm.Send(ack, peer, ACK_TAG);
      }
    },
    bibw: (w) => {
      reqs.length = 0;
      for (let i = 0; i < w; i++) reqs.push(comm.Irecv(rbuf, peer, TAG));
      for (let i = 0; i < w; i++) reqs.push(comm.Isend(sbuf, peer, TAG));
      MPI.Request.Waitall(reqs);
    },
    ring: (_w) => comm.Sendrecv(sbuf, right, TAG, rbuf, left, TAG),
  };
  return {
    test,
    size,
    step: steps[test],
    verify() {
      const r8 = u8(rbuf);
      r8.fill(0);
      steps[test](1);
      const from = receivesFrom(test);
      if (from === undefined) return;
      for (let i = 0; i < size; i++)
        if (r8[i] !== pattern(i, size, from)) throw new Error(`wmpi-p2p ${mode} ${test} ${size} B: rank ${rank}: wrong byte at ${i}: ${r8[i]}`);
    },
    free() {
      if (mode === "alloc") {
        MPI.Free_mem(sbuf);
        MPI.Free_mem(rbuf);
      }
    },
  };
}

function objectCase(test: Test, size: number): Omit<Case, "iters" | "warmup"> {
  const mine = payload(size);
  let got: unknown;
  const reqs: InstanceType<typeof MPI.Request>[] = [];
  const steps: Record<Test, (w: number) => void> = {
    pingpong: (_w) => {
      if (rank === 0) {
        comm.send(mine, peer, TAG);
        got = comm.recv(peer, TAG);
      } else {
        got = comm.recv(peer, TAG);
        comm.send(mine, peer, TAG);
      }
    },
    bw: (w) => {
      reqs.length = 0;
      if (rank === 0) {
        for (let i = 0; i < w; i++) reqs.push(comm.isend(mine, peer, TAG));
        MPI.Request.waitall(reqs);
        comm.Recv(ack, peer, ACK_TAG);
      } else {
        for (let i = 0; i < w; i++) reqs.push(comm.irecv(peer, TAG));
        got = MPI.Request.waitall(reqs)[w - 1];
        comm.Send(ack, peer, ACK_TAG);
      }
    },
    bibw: (w) => {
      reqs.length = 0;
      for (let i = 0; i < w; i++) reqs.push(comm.irecv(peer, TAG));
      for (let i = 0; i < w; i++) reqs.push(comm.isend(mine, peer, TAG));
      got = MPI.Request.waitall(reqs)[w - 1];
    },
    ring: (_w) => {
      got = comm.sendrecv(mine, right, TAG, left, TAG);
    },
  };
  return {
    test,
    size,
    step: steps[test],
    verify() {
      got = undefined;
      steps[test](1);
      const from = receivesFrom(test);
      if (from !== undefined) checkObject(got, size, from, `${test} ${size} B`);
      got = undefined;
    },
    free() {},
  };
}

// ---------------------------------------------------------------- timing (as osu_p2p.c)

/** Runs n steps; returns the seconds they took on this rank. */
function runSteps(c: Case, n: number): number {
  const t0 = MPI.Wtime();
  for (let i = 0; i < n; i++) c.step(window);
  return MPI.Wtime() - t0;
}

const decision = new Float64Array(2);
/** Warm-up batches of 1, 2, 4, ... until the budget or c.warmup steps; rank 0 decides. Seconds per step. */
function warm(c: Case): number {
  let spent = 0;
  let done = 0;
  let batch = 1;
  for (;;) {
    const dt = runSteps(c, batch);
    done += batch;
    spent += dt;
    decision[0] = dt / batch;
    decision[1] = done < c.warmup && spent < budget ? 1 : 0;
    comm.Bcast(decision, 0);
    if (!decision[1]) return decision[0];
    batch = Math.min(batch * 2, c.warmup - done);
  }
}

const cases: Case[] = tests.flatMap((test) =>
  plan.map(({ size, iters, warmup }) => ({ ...(isBuffer ? bufferCase : objectCase)(test, size), iters, warmup })),
);
if (rank === 0) console.log(JSON.stringify({ library: `wmpi (${mode})`, ranks: nprocs }));
// pass 1: every case's warm-up, so the JIT has seen every path before anything is timed
for (const c of cases) warm(c);
// pass 2: per case a checked step (window 1), the warm-up again, the timed steps
for (const c of cases) {
  c.verify();
  comm.Barrier();
  const perStep = warm(c);
  const iters = Math.min(c.iters, Math.max(5, perStep > 0 ? Math.floor(budget / perStep) : c.iters));
  comm.Barrier();
  const dt = runSteps(c, iters);
  const windowed = c.test === "bw" || c.test === "bibw";
  if (rank === 0)
    console.log(JSON.stringify({ test: c.test, case: mode === "dict" ? "dict" : String(c.size), size: c.size, iters, window: windowed ? window : 1, us: (dt * 1e6) / iters, verified: true }));
}
for (const c of cases) c.free();
