// The teacher's side of the teaching site's "Join the class job" example
// (site/examples/class.js): opens a port that browsers can reach, prints it
// for the class, then lets one student's job after another join it.
//   npx wmpiexec -n 1 --net ws --bind 0.0.0.0 examples/class-teacher.ts [STUDENTS]
// STUDENTS: how many jobs to serve before it ends (default: until Ctrl+C).
import { MPI } from "wmpi";

const world = MPI.COMM_WORLD;
const students = Number(process.argv[2] ?? Infinity);
const port = world.rank === 0 ? MPI.Open_port() : "";
if (world.rank === 0) console.log(`class job port: ${port}`);
for (let s = 0; s < students; s++) {
  const all = world.Accept(port).Merge(false); // the teacher's ranks first
  const who = all.allgather(`teacher rank ${world.rank}`);
  const sum = all.allreduce(all.rank);
  if (world.rank === 0) console.log(`a student's job joined: ${who.slice(world.size).length} browser rank(s); the sum of all ranks is ${sum}`);
  all.Disconnect();
}
if (world.rank === 0) MPI.Close_port(port);
