// How long MPI_Comm_spawn takes: the median of 8 rounds of spawning N children of this same
// program, a barrier across the intercommunicator, and Disconnect, for N = 1 and 4.
//   node bin/wmpiexec.js -n 1 [--ppn 1] bench/spawn-time.ts
import { fileURLToPath } from "node:url";
import { MPI } from "wmpi";

const parent = MPI.Comm.Get_parent();
if (parent !== MPI.COMM_NULL) {
  parent.Barrier();
  parent.Disconnect();
} else {
  const self = fileURLToPath(import.meta.url);
  for (const n of [1, 4]) {
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = MPI.Wtime();
      const inter = MPI.COMM_SELF.Spawn(self, [], n);
      inter.Barrier();
      inter.Disconnect();
      times.push(MPI.Wtime() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`spawn ${n} + barrier + disconnect: median ${(times[4] * 1000).toFixed(1)} ms (min ${(times[0] * 1000).toFixed(1)} ms)`);
  }
}
