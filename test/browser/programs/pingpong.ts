// Ping-pong between pairs (0,1), (2,3), ...; a rank without a partner plays with itself
// (nonblocking send to itself). Each message carries a count the partner checks and increments.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const { rank, size } = comm;
const peer = (rank ^ 1) < size ? rank ^ 1 : rank;
const ball = new Int32Array(1);
const ROUNDS = 100;
for (let i = 0; i < ROUNDS; i++) {
  if (peer === rank) {
    ball[0] += 2;
    const r = comm.Isend(ball, rank, 0);
    comm.Recv(ball, rank, 0);
    r.Wait();
  } else if (rank % 2 === 0) {
    comm.Send(ball, peer, 0);
    comm.Recv(ball, peer, 0);
  } else {
    comm.Recv(ball, peer, 0);
    ball[0] += 2;
    comm.Send(ball, peer, 0);
  }
}
console.log(`rank ${rank}: ${ROUNDS} round trips with rank ${peer}, ball at ${ball[0]}`);
