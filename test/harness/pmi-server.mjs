// A PMI-1 server process for tests that start a job's processes themselves (for instance in
// another network namespace): `node pmi-server.mjs SIZE HOST` listens on HOST, prints one JSON
// line, the environment of each PMI rank (PmiServer.envFor), and serves until its stdin closes
// or it is killed. Aborts and lost processes are reported on stderr.
import { PmiServer } from "../../dist/pmi/index.js";

const [size, host] = process.argv.slice(2);
const server = await PmiServer.start({
  size: Number(size),
  host,
  onAbort: (rank, code, message) => process.stderr.write(`pmi-server: rank ${rank} aborted with code ${code}: ${message}\n`),
  onLost: (rank) => process.stderr.write(`pmi-server: rank ${rank} ended before PMI finalize\n`),
});
process.stdout.write(`${JSON.stringify(Array.from({ length: Number(size) }, (_, r) => server.envFor(r)))}\n`);
// the test holds stdin open for as long as it wants the server
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
