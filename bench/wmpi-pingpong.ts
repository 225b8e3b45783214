// The wmpi side of bench/pingpong.mjs: an osu_latency-style ping-pong between 2 ranks.
//
//   node bin/wmpiexec.js -n 2 bench/wmpi-pingpong.ts --mode buffer|alloc|object --plan CASE:ITERS:WARMUP,...
//   startJob({ np: 2, program: "/bench/wmpi-pingpong.ts?mode=alloc&plan=..." })   (a browser, bench/browser.mjs)
//
// A CASE is a message size in bytes, or in object mode also "dict" ({a: 1, b: [1, 2, 3]}) or
// "f64:SIZE" ({data: Float64Array} of SIZE bytes). For every case: one exchange whose received
// bytes are checked in both directions, then WARMUP untimed and ITERS timed round trips. Rank 0
// prints one JSON line per case: {"case", "size", "iters", "rt_us" (mean round trip, µs)}.
//
// Modes:
//   buffer  Send/Recv of ordinary TypedArrays (Float64Array when the size is a multiple of 8,
//           else Uint8Array): staged into linear memory on send and copied out on receive
//   alloc   Send/Recv of Float64Array / Uint8Array views from MPI.Alloc_mem: no staging copies
//   object  send/recv of {data: Uint8Array(size)} through the default serializer
//   core    diagnostic, not part of the default run: Alloc_mem buffers passed straight to the
//           core's send/recv exports (dist/abi internals), i.e. without the facade's per-call work
import { MPI } from "wmpi";

// under wmpiexec the arguments; in a browser rank (bench/browser.mjs) the module URL's query:
// wmpi-pingpong.ts?mode=alloc&plan=...
const argv =
  typeof process === "object" ? process.argv : [...new URL(import.meta.url).searchParams].flatMap(([k, v]) => [`--${k}`, v]);
const arg = (name: string): string => {
  const i = argv.indexOf(name);
  if (i < 0 || i + 1 >= argv.length) throw new Error(`wmpi-pingpong: ${name} is required`);
  return argv[i + 1];
};
const mode = arg("--mode");
if (!["buffer", "alloc", "object", "core"].includes(mode)) throw new Error(`wmpi-pingpong: unknown --mode ${mode}`);
const plan = arg("--plan")
  .split(",")
  .map((item) => {
    const parts = item.split(":");
    const warmup = Number(parts.pop());
    const iters = Number(parts.pop());
    return { name: parts.join(":"), iters, warmup };
  });

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
if (comm.Get_size() !== 2) throw new Error("wmpi-pingpong: run with exactly 2 ranks");
const peer = 1 - rank;
const TAG = 1;

const pattern = (i: number, size: number, from: number): number => (i * (from ? 13 : 7) + size + (from ? 3 : 1)) & 255;

function fillPattern(bytes: Uint8Array, from: number): void {
  const n = bytes.length;
  for (let i = 0; i < n; i++) bytes[i] = pattern(i, n, from);
}

function checkPattern(bytes: Uint8Array, size: number, from: number, what: string): void {
  if (bytes.length !== size) throw new Error(`wmpi-pingpong ${mode} ${what}: received ${bytes.length} bytes, expected ${size}`);
  for (let i = 0; i < size; i++)
    if (bytes[i] !== pattern(i, size, from))
      throw new Error(`wmpi-pingpong ${mode} ${what}: wrong byte at ${i} of ${size}: ${bytes[i]}, expected ${pattern(i, size, from)}`);
}

const u8 = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

const empty = new Uint8Array(0);
/** Both ranks leave together (the facade has no Barrier yet): a 0-byte exchange on its own tag. */
function sync(): void {
  if (rank === 0) {
    comm.Send(empty, peer, TAG + 1);
    comm.Recv(empty, peer, TAG + 1);
  } else {
    comm.Recv(empty, peer, TAG + 1);
    comm.Send(empty, peer, TAG + 1);
  }
}

/** Runs `n` round trips of `step`; returns the mean round trip in µs (meaningful on rank 0). */
function timeLoop(n: number, step: () => void): number {
  const t0 = MPI.Wtime();
  for (let i = 0; i < n; i++) step();
  return ((MPI.Wtime() - t0) * 1e6) / n;
}

type Buf = Float64Array | Uint8Array;

/** A prepared case: its payload size, one checked exchange, one round trip, and cleanup. */
interface Case {
  name: string;
  size: number;
  iters: number;
  warmup: number;
  verify(): void;
  step(): void;
  free(): void;
}

function newBuffer(size: number): Buf {
  const aligned = size % 8 === 0;
  if (mode === "alloc" || mode === "core") return aligned ? MPI.Alloc_mem(Float64Array, size / 8) : MPI.Alloc_mem(Uint8Array, size);
  return aligned ? new Float64Array(size / 8) : new Uint8Array(size);
}

function bufferCase(name: string, iters: number, warmup: number): Case {
  const size = Number(name);
  if (!Number.isInteger(size) || size < 0) throw new Error(`wmpi-pingpong ${mode}: not a size: ${name}`);
  const sbuf = newBuffer(size);
  const rbuf = newBuffer(size);
  fillPattern(u8(sbuf), rank);
  const step =
    mode === "core"
      ? coreStep(sbuf, rbuf)
      : rank === 0
      ? () => {
          comm.Send(sbuf, peer, TAG);
          comm.Recv(rbuf, peer, TAG);
        }
      : () => {
          comm.Recv(rbuf, peer, TAG);
          comm.Send(sbuf, peer, TAG);
        };
  return {
    name,
    size,
    iters,
    warmup,
    step,
    verify() {
      u8(rbuf).fill(0);
      step();
      checkPattern(u8(rbuf), size, peer, `${size} B`);
    },
    free() {
      if (mode === "alloc" || mode === "core") {
        MPI.Free_mem(sbuf);
        MPI.Free_mem(rbuf);
      }
    },
  };
}

/** The core's exports, reached through the built package's internals (diagnostic mode only). */
const internals =
  mode === "core"
    ? ((await import(new URL("../dist/mpi/environment.js", import.meta.url).href)) as { core(): CoreLike }).core()
    : undefined;
interface CoreLike {
  malloc(n: number): number;
  send(mode: number, buf: number, count: number, t: number, dest: number, tag: number, comm: number): void;
  recv(buf: number, count: number, t: number, src: number, tag: number, comm: number, st: number): void;
}

function coreStep(sbuf: Buf, rbuf: Buf): () => void {
  const c = internals!;
  const st = c.malloc(64);
  const BYTE = MPI.BYTE.handle;
  const world = comm.handle;
  const [s, r, n] = [sbuf.byteOffset, rbuf.byteOffset, sbuf.byteLength];
  return rank === 0
    ? () => {
        c.send(0, s, n, BYTE, peer, TAG, world);
        c.recv(r, n, BYTE, peer, TAG, world, st);
      }
    : () => {
        c.recv(r, n, BYTE, peer, TAG, world, st);
        c.send(0, s, n, BYTE, peer, TAG, world);
      };
}

function sameDict(v: unknown): boolean {
  const d = v as { a?: unknown; b?: unknown };
  return (
    typeof v === "object" && v !== null && Object.keys(v).join() === "a,b" && d.a === 1 &&
    Array.isArray(d.b) && d.b.length === 3 && d.b[0] === 1 && d.b[1] === 2 && d.b[2] === 3
  );
}

function objectCase(name: string, iters: number, warmup: number): Case {
  let mine: unknown;
  let check: (got: unknown) => void;
  let size: number;
  if (name === "dict") {
    mine = { a: 1, b: [1, 2, 3] };
    size = 0;
    check = (got) => {
      if (!sameDict(got)) throw new Error(`wmpi-pingpong object dict: received ${JSON.stringify(got)}`);
    };
  } else {
    const f64 = name.startsWith("f64:");
    size = Number(f64 ? name.slice(4) : name);
    if (!Number.isInteger(size) || size < 0 || (f64 && size % 8)) throw new Error(`wmpi-pingpong object: bad case ${name}`);
    const data = f64 ? new Float64Array(size / 8) : new Uint8Array(size);
    fillPattern(u8(data), rank);
    mine = { data };
    check = (got) => {
      const d = (got as { data?: unknown })?.data;
      if (!(f64 ? d instanceof Float64Array : d instanceof Uint8Array))
        throw new Error(`wmpi-pingpong object ${name}: received ${Object.prototype.toString.call(d)}`);
      checkPattern(u8(d as Buf), size, peer, name);
    };
  }
  let got: unknown;
  const step =
    rank === 0
      ? () => {
          comm.send(mine, peer, TAG);
          got = comm.recv(peer, TAG);
        }
      : () => {
          got = comm.recv(peer, TAG);
          comm.send(mine, peer, TAG);
        };
  return {
    name,
    size,
    iters,
    warmup,
    step,
    verify() {
      step();
      check(got);
      got = undefined;
    },
    free() {},
  };
}

const cases = plan.map(({ name, iters, warmup }) => (mode === "object" ? objectCase : bufferCase)(name, iters, warmup));
// Pass 1: every case's warm-up, so the JIT has seen every path before anything is timed. The
// warm-ups go through timeLoop too: its call of step() must have seen every case's closure, or
// the first timed loop of the second case runs in code that is being deoptimized (measured: the
// case in second place came out up to 2x slower than the same size later in the plan).
for (const c of cases) timeLoop(c.warmup, c.step);
// Pass 2: per case, a checked exchange, the warm-up again, then the timed round trips.
for (const c of cases) {
  c.verify();
  sync();
  timeLoop(c.warmup, c.step);
  const rt = timeLoop(c.iters, c.step);
  if (rank === 0) console.log(JSON.stringify({ case: c.name, size: c.size, iters: c.iters, rt_us: rt, verified: true }));
}
for (const c of cases) c.free();
