// Ping-pong between two ranks, for bench/jobs-pingpong.mjs: one job of two ranks ("world"), or
// two independent jobs of one rank each that meet through a port ("server FILE" / "client FILE").
// Rank 0 of the world job, or the server, prints one JSON line per size: {size, us} (one-way).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { MPI } from "wmpi";

const [mode, file] = process.argv.slice(2);
const SIZES = [8, 1024, 65536, 1 << 20];
let comm: InstanceType<typeof MPI.Intracomm>;
if (mode === "world") comm = MPI.COMM_WORLD;
else {
  let port = "";
  if (mode === "server") {
    port = MPI.Open_port();
    writeFileSync(`${file}.tmp`, port);
    renameSync(`${file}.tmp`, file);
  } else {
    while (!existsSync(file)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    port = readFileSync(file, "utf8");
  }
  const inter = mode === "server" ? MPI.COMM_SELF.Accept(port) : MPI.COMM_SELF.Connect(port);
  comm = inter.Merge(mode !== "server");
  if (mode === "server") rmSync(file, { force: true });
}
const me = comm.Get_rank();
for (const size of SIZES) {
  const buf = new Uint8Array(size);
  const iters = size >= 1 << 20 ? 50 : size >= 65536 ? 300 : 3000;
  for (let warm = 0; warm < 2; warm++) {
    comm.Barrier();
    const t0 = MPI.Wtime();
    for (let i = 0; i < iters; i++) {
      if (me === 0) {
        comm.Send(buf, 1, 0);
        comm.Recv(buf, 1, 0);
      } else {
        comm.Recv(buf, 0, 0);
        comm.Send(buf, 0, 0);
      }
    }
    const us = ((MPI.Wtime() - t0) / (2 * iters)) * 1e6;
    if (warm === 1 && me === 0) console.log(JSON.stringify({ size, us }));
  }
}
