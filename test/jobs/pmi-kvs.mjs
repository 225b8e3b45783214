// A PMI-1 client process for test/pmi.test.ts, started by mpiexec.mpich (Hydra) or by a PmiServer.
// Every process puts one key, passes a barrier, reads every other process's key and prints one
// JSON line of what it saw. Options: --missing (also get a key nobody put), --abort-rank R
// --abort-code C (rank R aborts after the first barrier; the others wait in a second barrier
// that can only end by the job being killed).
import { PmiClient, decodeValue, encodeValue } from "../../dist/pmi/index.js";

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const abortRank = opt("--abort-rank") === undefined ? -1 : Number(opt("--abort-rank"));
const abortCode = Number(opt("--abort-code") ?? "1");

const pmi = PmiClient.fromEnv();
if (!pmi) {
  console.error("pmi-kvs: neither PMI_FD nor PMI_PORT is set");
  process.exit(3);
}
await pmi.init();
const { rank, size } = pmi;
// a value with spaces, "=" and non-ASCII, which only travels encoded
await pmi.put(`addr-${rank}`, encodeValue(JSON.stringify({ rank, pid: process.pid, text: `rank ${rank} = ok ✓` })));
await pmi.barrier();
const seen = {};
for (let r = 0; r < size; r++) seen[r] = JSON.parse(decodeValue(await pmi.get(`addr-${r}`))).text;
const report = { rank, size, kvsname: pmi.kvsname, appnum: pmi.appnum, universeSize: pmi.universeSize, maxes: pmi.maxes, seen };
if (args.includes("--missing")) {
  try {
    await pmi.get("no-such-key");
    report.missing = "no error";
  } catch (err) {
    report.missing = err.message;
  }
}
console.log(JSON.stringify(report));
if (rank === abortRank) {
  process.stderr.write(`rank ${rank} gives up on purpose\n`); // the caller of abort says why
  await new Promise((r) => setTimeout(r, 100)); // Hydra stops forwarding output once it acts on an abort
  await pmi.abort(abortCode, `rank ${rank} gives up on purpose`);
  // Wait to be killed: exiting first would make it a plain failure rather than an abort.
  setInterval(() => {}, 1000);
} else {
  if (abortRank >= 0) await pmi.barrier(); // never completes: the aborting rank does not enter it
  await pmi.finalize();
  pmi.close();
}
