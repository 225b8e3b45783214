// Join the teacher's job. The teacher starts one, on a machine every
// student's browser can reach:
//   npx wmpiexec -n 1 --net ws --bind 0.0.0.0 examples/class-teacher.ts
// and gives the class the port it prints, which you paste into
// "Class job port" above. Your ranks then connect to the teacher's
// and all of them make one communicator.
import { MPI } from "wmpi";

const world = MPI.COMM_WORLD;
let port;
try {
  port = MPI.Lookup_name("class"); // the page publishes the port you pasted under this name
} catch {
  if (world.rank === 0) console.log('No class job to join: paste the port your teacher\'s wmpiexec printed into "Class job port", then Run.');
}
if (port !== undefined) {
  const all = world.Connect(port).Merge(true); // the teacher's ranks come first
  const who = all.allgather(`browser rank ${world.rank}`);
  const sum = all.allreduce(all.rank);
  console.log(`I am rank ${all.rank} of ${all.size} in the class job; ranks 0-${all.size - world.size - 1} are the teacher's`);
  if (world.rank === 0) console.log(`everyone: ${who.join(", ")}; the sum of all ranks is ${sum}`);
  all.Disconnect();
}
