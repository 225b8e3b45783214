// Computes pi by the midpoint rule, as mpi4py's compute-pi demo: rank 0 broadcasts the
// number of intervals, each rank integrates its share, and a reduction sums the parts,
// once with objects (bcast/reduce) and once with buffers (Bcast/Reduce).
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const size = comm.size;

function partial(n: number, rank: number, size: number): number {
  const h = 1 / n;
  let s = 0;
  for (let i = rank + 1; i <= n; i += size) {
    const x = h * (i - 0.5);
    s += 4 / (1 + x * x);
  }
  return s * h;
}

const t0 = MPI.Wtime();
// objects
const n = comm.bcast(rank === 0 ? Number(process.argv[2] ?? 1_000_000) : 0, 0);
const pi = comm.reduce(partial(n, rank, size), MPI.SUM, 0);
// buffers
const N = new Int32Array([n]);
comm.Bcast(N, 0);
const mine = new Float64Array([partial(N[0], rank, size)]);
const sum = new Float64Array(1);
comm.Reduce(mine, sum, MPI.SUM, 0);
const t = MPI.Wtime() - t0;
if (rank === 0) {
  console.log(`pi is approximately ${(pi as number).toFixed(16)}, error ${Math.abs((pi as number) - Math.PI).toExponential(3)}, ${(t * 1e3).toFixed(2)} ms on ${size} ranks`);
  if (Math.abs(sum[0] - (pi as number)) > 1e-12) console.log(`the buffer reduction gave ${sum[0]}`);
}
