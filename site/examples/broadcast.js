// Two ways to give every rank a value held by rank 0. Linear:
// rank 0 sends to each other rank in turn: size-1 steps. Tree: in
// round k every rank that has the value sends it 2^k ranks
// further, so the number of ranks that have it doubles each
// round: log2(size) rounds.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const size = comm.size;
const value = new Float64Array(1);

// linear
if (rank === 0) {
  value[0] = 42;
  for (let r = 1; r < size; r++) comm.Send(value, r, 1);
  console.log(`linear: rank 0 sent ${value[0]} to the other ${size - 1} rank(s), one after another`);
} else {
  comm.Recv(value, 0, 1);
  console.log(`linear: rank ${rank} got ${value[0]} from rank 0 in step ${rank}`);
}

// tree (binomial)
value[0] = rank === 0 ? 7 : 0;
let round = 0;
for (let step = 1; step < size; step *= 2) {
  round++;
  if (rank < step && rank + step < size) comm.Send(value, rank + step, 2);
  else if (rank >= step && rank < 2 * step) {
    comm.Recv(value, rank - step, 2);
    console.log(`tree: rank ${rank} got ${value[0]} from rank ${rank - step} in round ${round}`);
  }
}
if (rank === 0) console.log(`tree: every rank had the value after ${round} round(s)`);

// MPI's own broadcast picks a good pattern for you
value[0] = rank === 0 ? 99 : 0;
comm.Bcast(value, 0);
console.log(`Bcast: rank ${rank} has ${value[0]}`);
