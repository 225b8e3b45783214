// Allreduce in both forms: a buffer sum and an object reduction, checked on every rank.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const { rank, size } = comm;
const mine = new Float64Array([rank, 1, rank * rank]);
const sum = new Float64Array(3);
comm.Allreduce(mine, sum, MPI.SUM);
const max = comm.allreduce(rank, MPI.MAX);
console.log(`rank ${rank}: sum ${Array.from(sum).join(",")} max ${max}`);
