// JS user ops inside the core's reductions: a non-commutative op (composition
// of affine maps x -> m*x + c, one map per MPI_C_DOUBLE_COMPLEX element) must
// come out in rank order from Reduce, Allreduce, Scan, Exscan and
// Reduce_scatter_block; a commutative one through Iallreduce survives
// Op.Free before the request completes.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done } from "./util.js";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank(), size = comm.Get_size();
const N = 6; // maps per buffer

type Map = [number, number];
/** f after g: x -> f(g(x)). */
const compose = ([mf, cf]: Map, [mg, cg]: Map): Map => [mf * mg, mf * cg + cf];
/** Rank r's map at element i: small integers keep every product exact. */
const mapOf = (r: number, i: number): Map => [1 + ((r + i) % 3), (r * 7 + i) % 5 - 2];

let calls = 0;
/** inoutvec[i] = invec[i] after inoutvec[i]: the earlier rank's map is applied last. */
const composeOp = MPI.Op.Create((invec: Float64Array, inoutvec: Float64Array, dt) => {
  calls++;
  assert.equal(dt, MPI.C_DOUBLE_COMPLEX);
  for (let i = 0; i < invec.length; i += 2) {
    const [m, c] = compose([invec[i], invec[i + 1]], [inoutvec[i], inoutvec[i + 1]]);
    inoutvec[i] = m;
    inoutvec[i + 1] = c;
  }
}, false);

const mine = (n: number) => {
  const buf = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) buf.set(mapOf(rank, i), 2 * i);
  return buf;
};
/** The maps of ranks lo..hi-1 composed in rank order, element by element. */
const expected = (lo: number, hi: number, n: number) => {
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let acc = mapOf(lo, i);
    for (let r = lo + 1; r < hi; r++) acc = compose(acc, mapOf(r, i));
    out.set(acc, 2 * i);
  }
  return out;
};
const spec = (buf: Float64Array) => [buf, MPI.C_DOUBLE_COMPLEX] as [Float64Array, typeof MPI.C_DOUBLE_COMPLEX];

{
  const out = new Float64Array(2 * N);
  comm.Allreduce(spec(mine(N)), spec(out), composeOp);
  assert.deepEqual(out, expected(0, size, N), "Allreduce");
}
for (const root of [0, size - 1]) {
  const out = new Float64Array(2 * N);
  comm.Reduce(spec(mine(N)), spec(out), composeOp, root);
  if (rank === root) assert.deepEqual(out, expected(0, size, N), `Reduce to ${root}`);
}
{
  const out = new Float64Array(2 * N);
  comm.Scan(spec(mine(N)), spec(out), composeOp);
  assert.deepEqual(out, expected(0, rank + 1, N), "Scan");
  const ex = new Float64Array(2 * N);
  comm.Exscan(spec(mine(N)), spec(ex), composeOp);
  if (rank > 0) assert.deepEqual(ex, expected(0, rank, N), "Exscan");
}
{
  // every rank contributes N maps per rank; rank r gets block r of the reduction
  const send = new Float64Array(2 * N * size);
  for (let b = 0; b < size; b++) for (let i = 0; i < N; i++) send.set(mapOf(rank, b * N + i), 2 * (b * N + i));
  const out = new Float64Array(2 * N);
  comm.Reduce_scatter_block(spec(send), spec(out), composeOp);
  assert.deepEqual(out, expected(0, size, N * size).subarray(2 * N * rank, 2 * N * (rank + 1)), "Reduce_scatter_block");
}
if (size > 1) assert.ok(calls > 0, "the JS function never ran");
composeOp.Free();

// a commutative JS op freed while Iallreduce is under way
{
  const sum = MPI.Op.Create((a: Int32Array, b: Int32Array) => {
    for (let i = 0; i < a.length; i++) b[i] += a[i];
  }, true);
  const send = Int32Array.from({ length: 1000 }, (_, i) => i + rank);
  const out = new Int32Array(1000);
  const req = comm.Iallreduce(send, out, sum);
  sum.Free();
  assert.equal(sum.handle, MPI.OP_NULL.handle);
  req.Wait();
  for (let i = 0; i < 1000; i++) assert.equal(out[i], size * i + (size * (size - 1)) / 2, `Iallreduce[${i}]`);
}

// a JS op that throws inside a collective: its own exception comes out of the call
if (size > 1) {
  class Boom extends Error {}
  const bad = MPI.Op.Create(() => {
    throw new Boom("boom");
  }, true);
  // every rank that applies the op throws; the others see the collective fail or finish
  let caught: unknown;
  try {
    comm.Allreduce(new Int32Array(4), new Int32Array(4), bad);
  } catch (e) {
    caught = e;
  }
  if (caught !== undefined || size === 2) assert.ok(caught instanceof Boom, `got ${caught}`);
  bad.Free();
}

done();
