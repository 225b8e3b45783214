// Rank 1 sends 100 eager messages to rank 0, calls MPI.Finalize and exits at once (process.exit):
// under a process manager (one process per rank) what it sent must still arrive, and its
// departure must read as orderly, not as a lost process.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const N = 100;
const msg = new Uint8Array(16000);
if (rank === 1) {
  for (let i = 0; i < N; i++) {
    msg.fill(i);
    comm.Send(msg, 0, i);
  }
  MPI.Finalize();
  process.exit(0);
} else if (rank === 0) {
  await new Promise((r) => setTimeout(r, 300)); // rank 1 is gone by now
  for (let i = 0; i < N; i++) {
    comm.Recv(msg, 1, i);
    if (msg[0] !== (i & 0xff) || msg[15999] !== (i & 0xff)) throw new Error(`message ${i} is wrong`);
  }
  console.log(`rank ${rank}: No Errors`);
}
