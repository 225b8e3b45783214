// Heat in a rod of 32 cells: the left end is held at 100 degrees,
// the right at 0. Each Jacobi sweep sets a cell to the mean of
// its two neighbours. The rod is split among the ranks; before
// each sweep a rank swaps its edge cells with its neighbours
// ("halo exchange") into ghost cells at both ends of its piece.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const size = comm.size;
const N = 32;
const SWEEPS = 500;
if (N % size !== 0) throw new Error(`${N} cells do not split evenly over ${size} ranks`);

// this rank's n cells are u[1..n]; u[0] and u[n+1] are ghosts
const n = N / size;
const first = rank * n;
let u = new Float64Array(n + 2);
let next = new Float64Array(n + 2);
// PROC_NULL: no neighbour there; a message to it goes nowhere
const left = rank > 0 ? rank - 1 : MPI.PROC_NULL;
const right = rank < size - 1 ? rank + 1 : MPI.PROC_NULL;
if (rank === 0) u[0] = 100; // the fixed hot end: a ghost nobody overwrites
if (rank === size - 1) u[n + 1] = 0;

let change = 0;
for (let sweep = 0; sweep < SWEEPS; sweep++) {
  // halo exchange: my first cell goes left while my right
  // neighbour's first cell arrives; then the same the other way
  comm.Sendrecv(u.subarray(1, 2), left, 0, u.subarray(n + 1, n + 2), right, 0);
  comm.Sendrecv(u.subarray(n, n + 1), right, 1, u.subarray(0, 1), left, 1);
  let local = 0;
  next[0] = u[0];
  next[n + 1] = u[n + 1];
  for (let i = 1; i <= n; i++) {
    next[i] = (u[i - 1] + u[i + 1]) / 2;
    local = Math.max(local, Math.abs(next[i] - u[i]));
  }
  [u, next] = [next, u];
  // the largest change anywhere in the rod
  change = comm.allreduce(local, MPI.MAX);
}

const t = Array.from(u.subarray(1, n + 1), (x) => x.toFixed(1));
console.log(`rank ${rank}: cells ${first}-${first + n - 1}: ${t[0]} ... ${t[n - 1]}`);
if (rank === 0) console.log(`after ${SWEEPS} sweeps the largest change in one sweep was ${change.toFixed(4)}`);
