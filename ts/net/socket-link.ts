import * as net from "node:net";
import * as tls from "node:tls";
import { formatAddress, hostPart, type Endpoint } from "./address.js";
import { encodeFrame, type Frame } from "./frame.js";
import { BaseLink } from "./link-base.js";
import type { ConnectOptions, ListenOptions, Listener } from "./link-types.js";

/**
 * A FrameLink over a Unix, TCP or TLS socket. The first frame of a tick goes straight to the
 * socket (lowest latency for a lone message); further frames in the same tick are corked and
 * written together with one writev on a microtask, so a burst of small frames costs one
 * system call. A large tail is written from the caller's view, never concatenated.
 */
export class SocketLink extends BaseLink {
  /** A frame was already sent in this tick (reset on a microtask). */
  private inBurst = false;
  private corked = false;
  private readonly endBurst = (): void => {
    this.inBurst = false;
    if (this.corked) {
      this.corked = false;
      this.socket.uncork();
    }
  };

  constructor(
    private readonly socket: net.Socket,
    peer: string,
  ) {
    super(peer);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.received(chunk));
    // 'error' is always followed by 'close'; the first report wins.
    socket.on("error", (err) => this.finish(new Error(`${peer}: ${err.message}`, { cause: err })));
    socket.on("close", () => this.finish());
  }

  send(f: Frame): void {
    if (this.closed) return;
    const parts = encodeFrame(f);
    if (!this.inBurst) {
      this.inBurst = true;
      queueMicrotask(this.endBurst);
      if (parts.length === 1) {
        this.socket.write(parts[0]!);
        return;
      }
    }
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
    }
    for (const p of parts) this.socket.write(p);
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  protected shutdown(): void {
    this.socket.end(); // writes what is queued, then FIN; 'close' follows once the peer ends too
  }

  protected destroy(): void {
    // A TCP reset tells the peer this was no orderly close; a Unix socket has no reset.
    if (this.socket instanceof tls.TLSSocket || this.socket.remotePort === undefined) this.socket.destroy();
    else this.socket.resetAndDestroy();
  }

  protected pauseReading(): void {
    this.socket.pause();
  }

  protected resumeReading(): void {
    this.socket.resume();
  }
}

/** Listens on a unix/tcp/tls endpoint; every accepted connection becomes a SocketLink. */
export function listenSocket(
  ep: Extract<Endpoint, { kind: "unix" | "tcp" }>,
  onLink: (link: SocketLink) => void,
  opts: ListenOptions,
): Promise<Listener> {
  const address = formatAddress(ep);
  if (ep.kind === "unix" && opts.tls !== undefined) return Promise.reject(new Error(`listen on ${address}: TLS is for tcp/tls/wss addresses, not Unix sockets`));
  const useTls = ep.kind === "tcp" && (ep.tls || opts.tls !== undefined);
  if (useTls && opts.tls === undefined) return Promise.reject(new Error(`listen on ${address}: TLS needs opts.tls (key and cert)`));
  const peerOf = (s: net.Socket): string =>
    ep.kind === "unix" ? `unix:${ep.path}` : `${useTls ? "tls" : "tcp"}:${hostPart(s.remoteAddress ?? "?")}:${s.remotePort ?? "?"}`;
  const server = useTls
    ? tls.createServer({ key: opts.tls!.key, cert: opts.tls!.cert }, (s) => onLink(new SocketLink(s, peerOf(s))))
    : net.createServer((s) => onLink(new SocketLink(s, peerOf(s))));
  if (useTls) {
    // A client that fails the TLS handshake never becomes a link; report it.
    server.on("tlsClientError", (err, s) => opts.onError?.(new Error(`${address}: TLS handshake with ${peerOf(s)} failed: ${err.message}`)));
  }
  return new Promise((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`listen on ${address} failed: ${err.message}`, { cause: err })));
    const ready = (): void => {
      server.removeAllListeners("error");
      server.on("error", (err) => opts.onError?.(new Error(`listener ${address}: ${err.message}`, { cause: err })));
      const bound = ep.kind === "unix" ? ep : { ...ep, port: (server.address() as net.AddressInfo).port };
      resolve({
        address: formatAddress(bound),
        close: () =>
          new Promise<void>((done) => {
            // server.close() stops listening (and unlinks a Unix socket) at once; its callback
            // would wait for every accepted link, which stay open by design.
            server.close();
            setImmediate(done);
          }),
      });
    };
    if (ep.kind === "unix") server.listen({ path: ep.path }, ready);
    else server.listen({ host: ep.host, port: ep.port }, ready);
  });
}

/** Connects to a unix/tcp/tls endpoint. */
export function connectSocket(ep: Extract<Endpoint, { kind: "unix" | "tcp" }>, opts: ConnectOptions): Promise<SocketLink> {
  const address = formatAddress(ep);
  if (ep.kind === "unix" && opts.tls !== undefined) return Promise.reject(new Error(`connect to ${address}: TLS is for tcp/tls/wss addresses, not Unix sockets`));
  const useTls = ep.kind === "tcp" && (ep.tls || opts.tls !== undefined);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    let socket: net.Socket;
    if (ep.kind === "unix") socket = net.connect({ path: ep.path });
    else if (useTls) {
      socket = tls.connect({
        host: ep.host,
        port: ep.port,
        ca: opts.tls?.ca,
        rejectUnauthorized: opts.tls?.rejectUnauthorized ?? true,
        // SNI takes host names only
        servername: net.isIP(ep.host) === 0 ? ep.host : undefined,
      });
    } else socket = net.connect({ host: ep.host, port: ep.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${address} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (err: Error): void => {
      clearTimeout(timer);
      reject(new Error(`connect to ${address} failed: ${err.message}`, { cause: err }));
    };
    socket.once("error", onError);
    socket.once(useTls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(new SocketLink(socket, address));
    });
  });
}
