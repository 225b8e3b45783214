// Ranks play ping-pong in pairs (0 with 1, 2 with 3, ...): the
// even rank serves, each hit adds one to the ball. Then the pair
// times many round trips.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
if (comm.size % 2 !== 0) throw new Error("ping-pong plays in pairs: run it on an even number of ranks");
const peer = rank ^ 1; // 0 <-> 1, 2 <-> 3, ...
const ball = new Int32Array(1);

function rally(rounds) {
  for (let i = 0; i < rounds; i++) {
    if (rank % 2 === 0) {
      ball[0]++;
      comm.Send(ball, peer, 0);
      comm.Recv(ball, peer, 0);
    } else {
      comm.Recv(ball, peer, 0);
      ball[0]++;
      comm.Send(ball, peer, 0);
    }
  }
}

rally(5);
console.log(`rank ${rank}: 5 rounds with rank ${peer}, the ball was hit ${ball[0]} times`);

const ROUNDS = 2000;
const t0 = MPI.Wtime();
rally(ROUNDS);
const oneWay = (MPI.Wtime() - t0) / (2 * ROUNDS);
if (rank % 2 === 0) console.log(`rank ${rank}: one-way latency about ${(oneWay * 1e6).toFixed(1)} µs`);
