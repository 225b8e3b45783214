// The worker of cpi-master.ts: its parent broadcasts the number of intervals; each worker sums
// every size-th interval of the integral of 4 / (1 + x^2) over [0, 1] and reduces to the parent.
import { MPI } from "wmpi";

const comm = MPI.Comm.Get_parent();
const size = comm.Get_size();
const rank = comm.Get_rank();

const N = new Int32Array(1);
comm.Bcast([N, MPI.INT], 0);
const h = 1 / N[0];
let s = 0;
for (let i = rank; i < N[0]; i += size) {
  const x = h * (i + 0.5);
  s += 4 / (1 + x * x);
}
comm.Reduce([new Float64Array([s * h]), MPI.DOUBLE], null, MPI.SUM, 0);
comm.Disconnect();
