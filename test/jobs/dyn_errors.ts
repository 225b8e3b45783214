// Spawns that cannot be satisfied (issue 9): MPI.Exception with MPI.ERR_SPAWN on every rank of
// the group, errcodes per child, never a hang; bad arguments; then a spawn that fits still
// starts. Run with --universe-size 4.
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const world = MPI.COMM_WORLD;
const size = world.Get_size();
const parent = MPI.Comm.Get_parent();
if (parent !== MPI.COMM_NULL) {
  parent.Disconnect();
} else {
  const codes: number[] = [];
  expectMPIError(MPI.ERR_SPAWN, "MPI_Comm_spawn", () => world.Spawn("no-such-program.ts", [], 2, null, 0, codes));
  // the root reports each child's code; the others cannot know how many there are
  assert.deepEqual(codes, world.Get_rank() === 0 ? [MPI.ERR_SPAWN, MPI.ERR_SPAWN] : []);
  assert.equal(world.Get_attr(MPI.UNIVERSE_SIZE), 4);
  expectMPIError(MPI.ERR_SPAWN, "MPI_Comm_spawn", () => world.Spawn(fileURLToPath(import.meta.url), [], 4 - size + 1));
  expectMPIError(MPI.ERR_ARG, "MPI_Comm_spawn_multiple", () => world.Spawn_multiple(["a.ts", "b.ts"], [["x"]]));
  expectMPIError(MPI.ERR_ROOT, "MPI_Comm_spawn", () => world.Spawn("a.ts", [], 1, null, size));
  const info = MPI.Info.Create();
  info.Set("wdir", "/nonexistent-directory");
  expectMPIError(MPI.ERR_SPAWN, "MPI_Comm_spawn", () => world.Spawn("dyn_errors.ts", [], 1, info));
  // wmpi_mode: thread or process, the same for all the commands of one spawn (one MPI_COMM_WORLD)
  const self = fileURLToPath(import.meta.url);
  const modeInfo = MPI.Info.Create({ wmpi_mode: "fiber" });
  expectMPIError(MPI.ERR_SPAWN, "MPI_Comm_spawn", () => world.Spawn(self, [], 1, modeInfo));
  const [threads, processes] = [MPI.Info.Create({ wmpi_mode: "thread" }), MPI.Info.Create({ wmpi_mode: "process" })];
  expectMPIError(MPI.ERR_SPAWN, "MPI_Comm_spawn_multiple", () => world.Spawn_multiple([self, self], null, [1, 1], [threads, processes]));
  for (const i of [modeInfo, threads, processes]) i.Free();
  // what fits still starts: found through info "path"
  info.Delete("wdir");
  info.Set("path", fileURLToPath(new URL(".", import.meta.url)));
  const codes2: number[][] = [];
  const inter = world.Spawn_multiple([path.basename(fileURLToPath(import.meta.url))], null, [4 - size], [info], 0, codes2);
  assert.deepEqual(codes2, world.Get_rank() === 0 ? [new Array(4 - size).fill(0)] : []);
  inter.Disconnect();
  info.Free();
  done();
}
