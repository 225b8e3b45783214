// Computes pi with one-sided communication, as mpi4py's cpi-rma demo: rank 0 exposes the number
// of intervals and the sum in two windows; in each round every rank Gets n from rank 0's window
// and Accumulates its share of the integral into rank 0's pi, each inside a pair of fences.
//
//   npx wmpiexec -n 4 examples/cpi-rma.ts 1000 100000 0
//
// The arguments play the demo's prompt: a number of intervals per round, 0 (or the end) quits;
// with none, one round of 1,000,000. Rank 0's windows are MPI.Alloc_mem arrays, so after a
// fence it reads the window memory in the arrays themselves (with an ordinary array it would
// read win.tomemory()); the other ranks expose no memory.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank, size = comm.size;
const rounds = process.argv.slice(2).map(Number);
if (rounds.length === 0) rounds.push(1_000_000);

function compPi(n: number, myrank: number, nprocs: number): number {
  const h = 1 / n;
  let s = 0;
  for (let i = myrank + 1; i <= n; i += nprocs) {
    const x = h * (i - 0.5);
    s += 4 / (1 + x * x);
  }
  return s * h;
}

const n = MPI.Alloc_mem(Int32Array, 1);
const pi = MPI.Alloc_mem(Float64Array, 1);
const mypi = new Float64Array(1);
const winN = MPI.Win.Create(rank === 0 ? n : null, 1, null, comm);
const winPi = MPI.Win.Create(rank === 0 ? pi : null, 1, null, comm);

for (let round = 0; ; round++) {
  if (rank === 0) {
    n[0] = Math.max(0, Math.trunc(rounds[round] ?? 0));
    pi[0] = 0;
  }
  winN.Fence();
  if (rank !== 0) winN.Get([n, MPI.INT], 0);
  winN.Fence();
  if (n[0] === 0) break;
  mypi[0] = compPi(n[0], rank, size);
  winPi.Fence();
  winPi.Accumulate([mypi, MPI.DOUBLE], 0, undefined, MPI.SUM);
  winPi.Fence();
  if (rank === 0) console.log(`pi is approximately ${pi[0].toFixed(16)}, error is ${Math.abs(pi[0] - Math.PI).toFixed(16)}`);
}

winN.Free();
winPi.Free();
MPI.Free_mem(n);
MPI.Free_mem(pi);
