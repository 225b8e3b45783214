// A program that reaches wmpi's files by path as well as by name still has one library.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { MPI as again } from "../../dist/index.js";

assert.equal(again.COMM_WORLD.Get_size(), MPI.COMM_WORLD.Get_size());
const r = again.COMM_WORLD.Isend(new Int32Array([7]), MPI.COMM_WORLD.Get_rank());
const into = new Int32Array(1);
MPI.COMM_WORLD.Recv(into);
r.Wait();
assert.equal(into[0], 7);
console.log(`rank ${MPI.COMM_WORLD.Get_rank()}: No Errors`);
