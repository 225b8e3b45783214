/**
 * wmpi-nameserver: a name server for independent jobs, like MPICH's
 * hydra_nameserver and speaking its protocol (net/name-wire.ts). One job
 * publishes a port under a name (MPI_Publish_name), another finds it
 * (MPI_Lookup_name), when both were started with wmpiexec --nameserver HOST
 * (or mpiexec -nameserver HOST). Runs until killed.
 */
import { hostPart } from "../net/address.js";
import { NameServer } from "../net/name-server.js";
import { NAME_SERVER_DEFAULT_PORT } from "../net/name-wire.js";

/** wmpi-nameserver --help. */
export const USAGE = `Usage: wmpi-nameserver [--port P] [--bind ADDRESS]

Keeps the names that MPI jobs publish (MPI_Publish_name) for other jobs to look
up (MPI_Lookup_name), until it is stopped. Start the jobs with
wmpiexec --nameserver HOST[:P] (or MPICH's mpiexec -nameserver HOST[:P]: the
protocol is hydra_nameserver's, and either server serves either launcher).

Options:
  --port P          TCP port to listen on (default ${NAME_SERVER_DEFAULT_PORT}, Hydra's; 0: any free
                    port; also -port, as hydra_nameserver takes it)
  --bind ADDRESS    address to listen on (default: every interface, as
                    hydra_nameserver; 127.0.0.1 keeps it to this machine).
                    Whoever reaches it can look up, publish and unpublish names
  -h, --help        show this help

It prints the address it listens on, then one line per client that broke the
protocol (whose connection it closes).
`;

/** A command-line mistake. */
class UsageError extends Error {}

function parseArgs(argv: string[]): { port: number; host?: string } | "help" {
  let port = NAME_SERVER_DEFAULT_PORT;
  let host: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") return "help";
    if (a === "--port" || a === "-port") {
      const v = value();
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UsageError(`${a} takes a port number in 0..65535, not "${v}"`);
      port = Number(v);
    } else if (a === "--bind") host = value();
    else throw new UsageError(`unknown argument ${a}`);
  }
  return { port, host };
}

/** Runs wmpi-nameserver; resolves to the exit code (2: bad arguments, 1: cannot listen), or never while it serves. */
export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`wmpi-nameserver: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  let server: NameServer;
  try {
    server = await NameServer.start({
      ...opts,
      onProtocolError: (peer, why) => process.stderr.write(`wmpi-nameserver: closed the connection of ${peer}: ${why}\n`),
    });
  } catch (e) {
    process.stderr.write(`wmpi-nameserver: ${e instanceof Error ? e.message : e}\n`);
    return 1;
  }
  const every = opts.host === undefined ? " (every interface)" : "";
  process.stdout.write(`wmpi-nameserver: listening on ${hostPart(server.host)}:${server.port}${every}\n`);
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => void server.close().then(() => resolve(0)));
  });
}
