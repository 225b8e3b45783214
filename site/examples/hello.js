// Every rank runs this same program; only the rank number
// differs.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
console.log(`Hello from rank ${comm.rank} of ${comm.size}`);
