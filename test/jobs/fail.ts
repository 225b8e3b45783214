// One rank fails in the way --mode names while the others block in a receive that never completes.
import { MPI } from "wmpi";

const mode = process.argv[process.argv.indexOf("--mode") + 1];
const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
console.log(`rank ${rank}: started`);
if (rank === comm.Get_size() - 1) {
  if (mode === "throw") throw new Error("deliberate failure");
  if (mode === "reject") await Promise.reject(new Error("deliberate rejection"));
  if (mode === "abort") comm.Abort(3);
  if (mode === "exit") process.exit(4);
  if (mode === "exit256") process.exit(256);
  if (mode === "abort256") comm.Abort(512);
  if (mode === "fatal") {
    comm.Set_errhandler(MPI.ERRORS_ARE_FATAL);
    comm.Send(new Int32Array(1), 99);
  }
  if (mode === "fatal-buffer") {
    comm.Set_errhandler(MPI.ERRORS_ARE_FATAL);
    comm.Send([new Int32Array(4), 5, MPI.INT], 0); // found by the facade, raised all the same
  }
}
comm.Recv(new Int32Array(1), MPI.ANY_SOURCE, 12345);
