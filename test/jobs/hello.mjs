// Plain JavaScript: runs under wmpiexec, and as a 1-rank job under plain node.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
console.log(`hello from rank ${comm.rank} of ${comm.size} on ${MPI.Get_processor_name()}`);
console.log(`argv: ${process.argv.slice(2).join(" ")}`);
