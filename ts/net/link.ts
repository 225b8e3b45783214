import { parseAddress } from "./address.js";
import type { ConnectOptions, FrameLink, ListenOptions, Listener } from "./link-types.js";
import { connectSocket, listenSocket } from "./socket-link.js";
import { connectWs, listenWs } from "./ws-link.js";

export type { ConnectOptions, FrameLink, ListenOptions, Listener } from "./link-types.js";

/**
 * Listens for frame links. address: "unix:/path" | "tcp:HOST:PORT" (TLS when opts.tls is
 * given) | "tls:HOST:PORT" (always TLS) | "ws://HOST:PORT" | "wss://HOST:PORT" (needs
 * opts.tls). PORT 0 = any free port; Listener.address has the real one. Bind loopback unless
 * the job is meant to span hosts: the caller chooses HOST.
 */
export function listen(address: string, onLink: (link: FrameLink) => void, opts: ListenOptions = {}): Promise<Listener> {
  let ep;
  try {
    ep = parseAddress(address);
  } catch (e) {
    return Promise.reject(e);
  }
  return ep.kind === "ws" ? listenWs(ep, onLink, opts) : listenSocket(ep, onLink, opts);
}

/**
 * Connects a frame link to a listener at `address` (forms as for listen; for "tcp:" TLS is
 * used when opts.tls is given). Rejects with an Error naming the address on failure or
 * after opts.timeoutMs (default 10 s).
 */
export function connect(address: string, opts: ConnectOptions = {}): Promise<FrameLink> {
  let ep;
  try {
    ep = parseAddress(address);
  } catch (e) {
    return Promise.reject(e);
  }
  return ep.kind === "ws" ? connectWs(ep, opts) : connectSocket(ep, opts);
}
