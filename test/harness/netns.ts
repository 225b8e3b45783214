// Two "hosts" for tests: two Linux network namespaces joined by a veth pair, each with its own
// loopback and one address on a private /24, and no other interface or route. Needs root and
// iproute2 (`ip netns`).
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Two namespaces joined by a veth pair. */
export interface TwoHosts {
  /** the namespaces' names */
  ns: [string, string];
  /** each namespace's address on the veth pair */
  addr: [string, string];
  /** each namespace's end of the veth pair */
  veth: [string, string];
  /** the /24 both addresses are on, e.g. "10.77.42." */
  subnet: string;
  /** Deletes both namespaces (and with them the veth pair); safe to call twice. */
  remove(): void;
}

const ip = (...args: string[]) => execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Why namespaces cannot be made here (not root, no iproute2, no permission), or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return "not running as root";
  const probe = `wmpi-probe-${process.pid}`;
  try {
    ip("netns", "add", probe);
  } catch (e) {
    return `ip netns add failed: ${(e as { stderr?: string }).stderr?.trim() || (e as Error).message}`;
  }
  ip("netns", "del", probe);
  return null;
}

/** Makes two namespaces with unique names, a veth pair between them, lo and the pair up. */
export function makeTwoHosts(): TwoHosts {
  const id = randomBytes(3).toString("hex");
  const ns: [string, string] = [`wmpi-${id}-a`, `wmpi-${id}-b`];
  // interface names are at most 15 characters
  const veth: [string, string] = [`wv${id}a`, `wv${id}b`];
  const subnet = `10.77.${1 + (randomBytes(1)[0]! % 254)}.`;
  const addr: [string, string] = [`${subnet}1`, `${subnet}2`];
  const made: string[] = [];
  const remove = () => {
    for (const n of made.splice(0)) {
      try {
        ip("netns", "del", n);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (const n of ns) {
      ip("netns", "add", n);
      made.push(n);
    }
    // created inside the first namespace, so no end ever exists in the test's own namespace
    ip("-n", ns[0], "link", "add", veth[0], "type", "veth", "peer", "name", veth[1], "netns", ns[1]);
    for (let k = 0; k < 2; k++) {
      ip("-n", ns[k]!, "addr", "add", `${addr[k]}/24`, "dev", veth[k]!);
      ip("-n", ns[k]!, "link", "set", veth[k]!, "up");
      ip("-n", ns[k]!, "link", "set", "lo", "up");
    }
  } catch (e) {
    remove();
    throw new Error(`cannot make two network namespaces: ${(e as { stderr?: string }).stderr?.trim() || (e as Error).message}`);
  }
  return { ns, addr, veth, subnet, remove };
}

/** The command prefix that runs a program inside namespace `ns`. */
export function inNamespace(ns: string): string[] {
  return ["ip", "netns", "exec", ns];
}

/** The IPv4 addresses of every interface in `ns` ("127.0.0.1", "10.77.x.1"). */
export function addressesIn(ns: string): string[] {
  const links = JSON.parse(ip("-n", ns, "-j", "-4", "addr", "show")) as { addr_info: { local: string }[] }[];
  return links.flatMap((l) => l.addr_info.map((a) => a.local));
}

/** The IPv4 routes of `ns`, as `ip route` prints them. */
export function routesIn(ns: string): string[] {
  return ip("-n", ns, "-4", "route", "show", "table", "all").split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

/** Bytes sent and received so far on interface `dev` of `ns`. */
export function trafficOn(ns: string, dev: string): { tx: number; rx: number } {
  const [link] = JSON.parse(ip("-n", ns, "-j", "-s", "link", "show", "dev", dev)) as { stats64: { tx: { bytes: number }; rx: { bytes: number } } }[];
  return { tx: link!.stats64.tx.bytes, rx: link!.stats64.rx.bytes };
}

/** The established TCP connections in `ns` right now, as "LOCAL:PORT PEER:PORT" strings. */
export async function connectionsIn(ns: string): Promise<string[]> {
  const { stdout } = await execFileAsync("ip", ["netns", "exec", ns, "ss", "-tnH", "state", "established"], { encoding: "utf8" });
  // with a state filter ss prints: Recv-Q Send-Q Local:Port Peer:Port
  return stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map((f) => `${f[2]} ${f[3]}`);
}
