// Name servers for tests of independent jobs: MPICH's hydra_nameserver and bin/wmpi-nameserver,
// each in a process of its own on a free port.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { NameServerAddress } from "../../ts/net/name-client.js";

const root = path.resolve(import.meta.dirname, "../..");
const HYDRA_NAMESERVER = "/usr/bin/hydra_nameserver";

/** A TCP port nobody listens on (bound, then let go). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A name server in a process of its own, and how to stop it. */
export interface ServerProcess {
  address: NameServerAddress;
  text: string;
  stop(): void;
}

/** Resolves once something accepts connections on address. */
async function listening(address: NameServerAddress, child: ChildProcess): Promise<void> {
  const end = Date.now() + 5000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(address.port, address.host, () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (child.exitCode !== null || Date.now() > end) throw new Error(`no name server came up on port ${address.port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** MPICH's hydra_nameserver on a free port. */
export async function startHydraNameserver(): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(HYDRA_NAMESERVER, ["-port", String(port)], { stdio: "ignore" });
  const address = { host: "127.0.0.1", port };
  await listening(address, child);
  return { address, text: `127.0.0.1:${port}`, stop: () => child.kill() };
}

/** bin/wmpi-nameserver on a port of its choosing (it prints which). */
export async function startWmpiNameserver(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(root, "bin/wmpi-nameserver.js"), "--port", "0", "--bind", "127.0.0.1"], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error(`wmpi-nameserver exited with ${code}: ${out}`)));
  });
  const m = /^wmpi-nameserver: listening on 127\.0\.0\.1:(\d+)$/.exec(line);
  if (!m) throw new Error(`wmpi-nameserver said: ${line}`);
  return { address: { host: "127.0.0.1", port: Number(m[1]) }, text: `127.0.0.1:${m[1]}`, stop: () => child.kill() };
}

