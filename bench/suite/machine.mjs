// What a reader needs to trust a run's figures: the machine (OS, CPUs, memory, Node, load), the
// wmpi commit, and each native reference with its version, or, when missing, the command that
// installs it, so that a skipped reference is reported instead of silently dropped.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { have } from "../have-command.mjs";
import { chromiumPath } from "../../scripts/chromium.mjs";

/** Debian's Python, where python3-mpi4py installs (a pyenv python3 on PATH does not see it). */
const PYTHON = process.env.WMPI_BENCH_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

const firstMatch = (text, re) => re.exec(text)?.[1]?.trim();

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  } catch (e) {
    return e.stdout ? String(e.stdout) + String(e.stderr ?? "") : undefined;
  }
}

/**
 * The references the suite compares with: { name: { found, version?, missing?, install } }.
 * `missing` names the commands or module not found; `install` is the command that adds them.
 */
export function detectReferences() {
  const refs = {};
  const need = (cmds) => cmds.filter((c) => !have(c));
  {
    const missing = need(["mpicc.mpich", "mpiexec.mpich"]);
    refs.mpich = { found: missing.length === 0, missing, install: "apt-get install -y mpich libmpich-dev" };
    if (refs.mpich.found) refs.mpich.version = firstMatch(output("mpiexec.mpich", ["--version"]) ?? "", /Version:\s*(\S+)/);
  }
  {
    const missing = need(["mpicc.openmpi", "mpirun.openmpi"]);
    refs.openmpi = { found: missing.length === 0, missing, install: "apt-get install -y openmpi-bin libopenmpi-dev" };
    if (refs.openmpi.found) refs.openmpi.version = firstMatch(output("mpirun.openmpi", ["--version"]) ?? "", /\)\s*(\S+)/);
  }
  {
    const version = output(PYTHON, ["-c", "import mpi4py, numpy; print(mpi4py.__version__)"]);
    const found = version !== undefined && /^\d/.test(version);
    refs.mpi4py = { found, missing: found ? [] : [`${PYTHON} -c "import mpi4py, numpy"`], install: "apt-get install -y python3-mpi4py python3-numpy", python: PYTHON };
    if (found) refs.mpi4py.version = version.trim();
  }
  {
    const exe = chromiumPath();
    refs.chromium = { found: Boolean(exe), missing: exe ? [] : ["chromium"], install: "apt-get install -y chromium" };
    if (exe) refs.chromium.version = firstMatch(output(exe, ["--version"]) ?? "", /([\d.]+)/);
  }
  return refs;
}

/** The benchmarks each reference takes part in, for the report's "skipped" notes. */
export const REFERENCE_USERS = { mpich: ["pingpong", "p2p", "net", "coll", "c", "rma", "io", "startup"], openmpi: ["p2p", "net", "coll", "rma", "startup"], mpi4py: ["p2p", "coll"], chromium: ["browser"] };

/** The machine's description for results.json. */
export function describeMachine(root) {
  const cpus = os.cpus();
  let commit;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain", "ts", "wasm"], { cwd: root, encoding: "utf8" }).trim()) commit += " + uncommitted ts/ or wasm/ changes";
  } catch {}
  let kernel;
  try {
    kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  } catch {}
  return {
    date: new Date().toISOString(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    kernel,
    cpus: { count: cpus.length, available: os.availableParallelism?.() ?? cpus.length, model: cpus[0]?.model.trim(), mhz: cpus[0]?.speed },
    memory: { totalMiB: Math.round(os.totalmem() / 2 ** 20), freeMiB: Math.round(os.freemem() / 2 ** 20) },
    node: process.version,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    wmpiCommit: commit,
  };
}
