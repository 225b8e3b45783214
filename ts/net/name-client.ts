/**
 * A client of a name server for independent jobs (wmpi-nameserver, or
 * MPICH's hydra_nameserver: the protocol is name-wire.ts): what wmpiexec
 * --nameserver gives its universe (thread mode) or its PMI server (process
 * mode) as the job's name service.
 *
 * Every request has its own connection and a deadline, so a name server
 * that is down, unreachable or stuck makes the MPI call fail, never wait.
 */
import net from "node:net";
import { hostPart } from "./address.js";
import { decodeValue, encodeValue } from "../pmi/value-codec.js";
import type { NameService } from "../runtime/universe-protocol.js";
import { AnswerReader, encodeRequest, FAILURE, NAME_SERVER_DEFAULT_PORT, SUCCESS, type NameRequest } from "./name-wire.js";

/** How long a request may take, connecting included, by default. */
export const NAME_SERVER_TIMEOUT_MS = 5000;

/** Where a name server listens. */
export interface NameServerAddress {
  host: string;
  port: number;
}

/**
 * Parses HOST[:PORT] as mpiexec -nameserver takes it (PORT defaults to
 * 6392, Hydra's); an IPv6 host is bracketed when a port follows ([::1]:6392).
 * Throws an Error naming `what` (the option or variable it came from).
 */
export function parseNameServerAddress(text: string, what = "name server address"): NameServerAddress {
  // a bare IPv6 address: its colons are not a port's
  if (net.isIP(text) === 6) return { host: text, port: NAME_SERVER_DEFAULT_PORT };
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text);
  if (!m || (m[1] !== undefined && net.isIP(m[1]) !== 6))
    throw new Error(`${what}: "${text}" is not HOST[:PORT] (an IPv6 host in brackets when a port follows: [::1]:${NAME_SERVER_DEFAULT_PORT})`);
  const port = m[3] === undefined ? NAME_SERVER_DEFAULT_PORT : Number(m[3]);
  if (port < 1 || port > 65535) throw new Error(`${what}: port ${m[3]} in "${text}" is not in 1..65535`);
  return { host: m[1] ?? m[2], port };
}

/** HOST:PORT, as errors name it. */
export function formatNameServerAddress(a: NameServerAddress): string {
  return `${hostPart(a.host)}:${a.port}`;
}

/** Settings of the clients below. */
export interface NameClientOptions {
  /** deadline of one request, connecting included (default {@link NAME_SERVER_TIMEOUT_MS}) */
  timeoutMs?: number;
}

/** Sends one request on a connection of its own and resolves to the answer; rejects with an Error naming the server. */
export function askNameServer(address: NameServerAddress, request: NameRequest, opts: NameClientOptions = {}): Promise<string> {
  const where = `name server ${formatNameServerAddress(address)}`;
  const timeoutMs = opts.timeoutMs ?? NAME_SERVER_TIMEOUT_MS;
  // a string the protocol cannot carry fails here, before any connection
  const bytes = encodeRequest(request);
  return new Promise((resolve, reject) => {
    const reader = new AnswerReader();
    const socket = net.connect({ host: address.host, port: address.port });
    let connected = false;
    let settled = false;
    // the first outcome wins (a close follows every other)
    const end = (err: Error | null, answer?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(
      () => end(new Error(`${where} ${connected ? `did not answer ${request.cmd} within` : "could not be reached within"} ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.setNoDelay(true);
    socket.on("connect", () => {
      connected = true;
      socket.write(bytes);
    });
    socket.on("data", (chunk: Buffer) => {
      let answer;
      try {
        answer = reader.push(chunk);
      } catch (e) {
        return end(new Error(`${where} answered ${request.cmd} with something other than its protocol: ${e instanceof Error ? e.message : e}`));
      }
      if (answer !== undefined) end(null, answer);
    });
    socket.on("error", (e: NodeJS.ErrnoException) =>
      end(new Error(`${where}: ${connected ? `${request.cmd} failed` : "cannot connect"}: ${e.code ?? e.message}${e.code === "ECONNREFUSED" ? " (is wmpi-nameserver or hydra_nameserver running there?)" : ""}`)),
    );
    socket.on("close", () => end(new Error(`${where} closed the connection before answering ${request.cmd}`)));
  });
}

/** SUCCESS or FAILURE, as a boolean; anything else is an error. */
function succeeded(answer: string, request: NameRequest, address: NameServerAddress): boolean {
  if (answer === SUCCESS || answer === FAILURE) return answer === SUCCESS;
  throw new Error(`name server ${formatNameServerAddress(address)} answered ${request.cmd} with ${JSON.stringify(answer.slice(0, 60))}, not ${SUCCESS} or ${FAILURE}`);
}

/**
 * The names on a name server, exactly as given: what wmpiexec's PMI server
 * forwards (its clients' PMI values). Unpublish withdraws a name only if it is
 * published with `port`: the protocol's UNPUBLISH takes the name alone, so
 * this looks it up first (another job could republish the name in between).
 */
export function wireNames(address: NameServerAddress, opts: NameClientOptions = {}): NameService {
  const ask = (r: NameRequest) => askNameServer(address, r, opts);
  return {
    publish: async (service, port) => {
      const r = { cmd: "PUBLISH", service, port } as const;
      return succeeded(await ask(r), r, address);
    },
    // no name server stores an empty port (an empty answer is how it says "not published")
    lookup: async (service) => (await ask({ cmd: "LOOKUP", service })) || undefined,
    unpublish: async (service, port) => {
      if ((await ask({ cmd: "LOOKUP", service })) !== port) return false;
      const r = { cmd: "UNPUBLISH", service } as const;
      return succeeded(await ask(r), r, address);
    },
  };
}

/**
 * The names on a name server for a universe (MPI_Publish_name ... of thread
 * mode). They are stored as wmpi's PMI client puts them on the wire (base64url,
 * value-codec.ts), so that the jobs of wmpiexec in threads, of wmpiexec in
 * processes, and of Hydra (mpiexec -nameserver) all see the same names.
 */
export function remoteNames(address: NameServerAddress, opts: NameClientOptions = {}): NameService {
  const wire = wireNames(address, opts);
  return {
    publish: (service, port) => wire.publish(encodeValue(service), encodeValue(port)),
    lookup: async (service) => {
      const port = await wire.lookup(encodeValue(service));
      return port === undefined ? undefined : decodeValue(port);
    },
    unpublish: (service, port) => wire.unpublish(encodeValue(service), encodeValue(port)),
  };
}
