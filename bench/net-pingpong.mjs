// The network benchmark of issue 5: ping-pong of 2 wmpi ranks in separate processes over a Unix
// socket, TCP and WebSocket (wmpiexec --mode process --net unix|tcp|ws), side by side with
// native MPICH and Open MPI forced onto TCP, with ratios to the better native in each row.
//
//   node bench/net-pingpong.mjs            full run (about 2 minutes on a quiet 2-core machine)
//   node bench/net-pingpong.mjs --quick    short run
//
// It is bench/pingpong.mjs --net: the same driver, jobs, interleaving and load checks; every
// option of pingpong.mjs (--help) passes through. Results: bench/RESULTS.md, "Network channel".
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const driver = fileURLToPath(new URL("./pingpong.mjs", import.meta.url));
const r = spawnSync(process.execPath, [driver, "--net", ...process.argv.slice(2)], { stdio: "inherit" });
if (r.error) console.error(`bench/net-pingpong.mjs: cannot run ${driver}: ${r.error.message}`);
process.exitCode = r.status ?? 1;
