// Computes pi with workers it spawns, as mpi4py's compute-pi master/worker demo: the master
// starts 5 ranks of cpi-worker.ts, broadcasts the number of intervals over the
// intercommunicator to them, and sums their parts of the integral with a reduction.
//
//   npx wmpiexec -n 1 examples/cpi-master.ts [workers] [intervals]
import { fileURLToPath } from "node:url";
import { MPI } from "wmpi";

const workers = Number(process.argv[2] ?? 5);
const N = new Int32Array([Number(process.argv[3] ?? 100)]);
const worker = fileURLToPath(new URL("./cpi-worker.ts", import.meta.url));

const comm = MPI.COMM_SELF.Spawn(worker, [], workers);
comm.Bcast([N, MPI.INT], MPI.ROOT);
const PI = new Float64Array(1);
comm.Reduce(null, [PI, MPI.DOUBLE], MPI.SUM, MPI.ROOT);
console.log(`pi is approximately ${PI[0].toFixed(16)}, error ${Math.abs(PI[0] - Math.PI).toExponential(2)} (${workers} workers, ${N[0]} intervals)`);
comm.Disconnect();
