// The wmpi side of bench/pingpong.mjs: an osu_latency-style ping-pong between 2 ranks.
//
//   node bin/wmpiexec.js -n 2 bench/wmpi-pingpong.ts --mode buffer|alloc|object --plan CASE:ITERS:WARMUP,...
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
import { MPI } from "wmpi";

const argv = process.argv;
const arg = (name: string): string => {
  const i = argv.indexOf(name);
  if (i < 0 || i + 1 >= argv.length) throw new Error(`wmpi-pingpong: ${name} is required`);
  return argv[i + 1];
};
const mode = arg("--mode");
if (!["buffer", "alloc", "object"].includes(mode)) throw new Error(`wmpi-pingpong: unknown --mode ${mode}`);
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

/** One timed ping-pong; returns the mean round trip in µs (meaningful on rank 0). */
function timeLoop(iters: number, warmup: number, step: () => void): number {
  sync();
  let t0 = 0;
  for (let i = 0; i < warmup + iters; i++) {
    if (i === warmup) t0 = MPI.Wtime();
    step();
  }
  return ((MPI.Wtime() - t0) * 1e6) / iters;
}

type Buf = Float64Array | Uint8Array;

function newBuffer(size: number): Buf {
  const aligned = size % 8 === 0;
  if (mode === "alloc") return aligned ? MPI.Alloc_mem(Float64Array, size / 8) : MPI.Alloc_mem(Uint8Array, size);
  return aligned ? new Float64Array(size / 8) : new Uint8Array(size);
}

function bufferCase(size: number, iters: number, warmup: number): number {
  const sbuf = newBuffer(size);
  const rbuf = newBuffer(size);
  try {
    fillPattern(u8(sbuf), rank);
    u8(rbuf).fill(0);
    if (rank === 0) {
      comm.Send(sbuf, peer, TAG);
      comm.Recv(rbuf, peer, TAG);
    } else {
      comm.Recv(rbuf, peer, TAG);
      comm.Send(sbuf, peer, TAG);
    }
    checkPattern(u8(rbuf), size, peer, `${size} B`);
    const step =
      rank === 0
        ? () => {
            comm.Send(sbuf, peer, TAG);
            comm.Recv(rbuf, peer, TAG);
          }
        : () => {
            comm.Recv(rbuf, peer, TAG);
            comm.Send(sbuf, peer, TAG);
          };
    return timeLoop(iters, warmup, step);
  } finally {
    if (mode === "alloc") {
      MPI.Free_mem(sbuf);
      MPI.Free_mem(rbuf);
    }
  }
}

function sameDict(v: unknown): boolean {
  const d = v as { a?: unknown; b?: unknown };
  return (
    typeof v === "object" && v !== null && Object.keys(v).join() === "a,b" && d.a === 1 &&
    Array.isArray(d.b) && d.b.length === 3 && d.b[0] === 1 && d.b[1] === 2 && d.b[2] === 3
  );
}

function objectCase(name: string, iters: number, warmup: number): { size: number; rt: number } {
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
  if (rank === 0) {
    comm.send(mine, peer, TAG);
    check(comm.recv(peer, TAG));
  } else {
    check(comm.recv(peer, TAG));
    comm.send(mine, peer, TAG);
  }
  const step =
    rank === 0
      ? () => {
          comm.send(mine, peer, TAG);
          comm.recv(peer, TAG);
        }
      : () => {
          comm.recv(peer, TAG);
          comm.send(mine, peer, TAG);
        };
  return { size, rt: timeLoop(iters, warmup, step) };
}

for (const { name, iters, warmup } of plan) {
  let size: number;
  let rt: number;
  if (mode === "object") ({ size, rt } = objectCase(name, iters, warmup));
  else {
    size = Number(name);
    rt = bufferCase(size, iters, warmup);
  }
  if (rank === 0) console.log(JSON.stringify({ case: name, size, iters, rt_us: rt, verified: true }));
}
