// Hello world: every rank says who it is.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
console.log(`Hello, World! I am process ${comm.rank} of ${comm.size} on ${MPI.Get_processor_name()}.`);
