// Reductions combine one value from every rank. Reduce delivers
// the result to one rank (the root); Allreduce delivers it to
// every rank.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const mine = new Float64Array([rank + 1]); // rank r contributes r+1
const sum = new Float64Array(1);
const max = new Float64Array(1);

comm.Reduce(mine, sum, MPI.SUM, 0);
comm.Reduce(mine, max, MPI.MAX, 0);
if (rank === 0) console.log(`Reduce on rank 0: sum ${sum[0]}, max ${max[0]}`);

const total = new Float64Array(1);
comm.Allreduce(mine, total, MPI.SUM);
console.log(`rank ${rank}: I gave ${mine[0]}, Allreduce says the sum is ${total[0]}`);
