// Computes pi = integral of 4/(1+x^2) from 0 to 1 with the
// midpoint rule. Rank 0 broadcasts the number of intervals; each
// rank sums every size-th interval; a reduction adds the partial
// sums up on rank 0.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const size = comm.size;

// everyone learns n from rank 0
const n = comm.bcast(rank === 0 ? 1_000_000 : undefined, 0);
const h = 1 / n;
let sum = 0;
let mine = 0;
for (let i = rank + 1; i <= n; i += size) {
  const x = h * (i - 0.5);
  sum += 4 / (1 + x * x);
  mine++;
}
console.log(`rank ${rank}: summed ${mine} of ${n} intervals`);

const pi = comm.reduce(sum * h, MPI.SUM, 0); // only rank 0 gets the total
if (rank === 0) console.log(`pi is about ${pi.toFixed(10)} (error ${Math.abs(pi - Math.PI).toExponential(1)})`);
