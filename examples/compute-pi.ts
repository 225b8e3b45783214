// Computes pi by the midpoint rule, as mpi4py's compute-pi demo, with object messages:
// rank 0 sends the number of intervals to every rank, each rank integrates its share, and
// rank 0 gathers the partial sums.
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

const n = Number(process.argv[2] ?? 1_000_000);
if (rank === 0) {
  const t0 = MPI.Wtime();
  for (let r = 1; r < size; r++) comm.send({ n }, r, 1);
  let pi = partial(n, 0, size);
  for (let r = 1; r < size; r++) pi += comm.recv(MPI.ANY_SOURCE, 2) as number;
  const t = MPI.Wtime() - t0;
  console.log(`pi is approximately ${pi.toFixed(16)}, error ${Math.abs(pi - Math.PI).toExponential(3)}, ${(t * 1e3).toFixed(2)} ms on ${size} ranks`);
} else {
  const { n } = comm.recv(0, 1) as { n: number };
  comm.send(partial(n, rank, size), 0, 2);
}
