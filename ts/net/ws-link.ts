import * as http from "node:http";
import * as https from "node:https";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { formatAddress, hostPart, type Endpoint } from "./address.js";
import { encodeFrame, FrameError, LENGTH_PREFIX, MAX_BODY, type Frame } from "./frame.js";
import { BaseLink, opened } from "./link-base.js";
import type { ConnectOptions, ListenOptions, Listener } from "./link-types.js";

/** No ws message is longer than one whole frame (each encodeFrame part is one message). */
const MAX_MESSAGE = LENGTH_PREFIX + MAX_BODY;

/** Close codes that mean an orderly end (1005: closed without a status code). */
const NORMAL_CLOSE = new Set([1000, 1001, 1005]);

/**
 * A FrameLink over a WebSocket. The ws messages carry the frame byte stream in any pieces:
 * each buffer from encodeFrame is sent as one binary message (so a large tail is never
 * concatenated with its head) and the receiver feeds every message to one FrameDecoder.
 * Text messages are a protocol error.
 */
export class WsLink extends BaseLink {
  constructor(
    private readonly ws: WebSocket,
    peer: string,
  ) {
    super(peer);
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (!isBinary) this.fail(new FrameError(`${peer}: text message on a wmpi link`));
      else this.received(data as Buffer);
    });
    ws.on("error", (err) => this.finish(new Error(`${peer}: ${err.message}`, { cause: err })));
    ws.on("close", (code: number, reason: Buffer) => {
      if (NORMAL_CLOSE.has(code)) this.finish();
      else this.finish(new Error(`${peer}: WebSocket closed with code ${code}${reason.length ? ` (${reason.toString()})` : ""}`));
    });
  }

  send(f: Frame): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    for (const p of encodeFrame(f)) this.ws.send(p, { binary: true });
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  protected shutdown(): void {
    this.ws.close(1000); // queued messages go first, then the close handshake
  }

  protected destroy(): void {
    this.ws.terminate();
  }

  protected pauseReading(): void {
    this.ws.pause();
  }

  protected resumeReading(): void {
    this.ws.resume();
  }
}

/** Listens for WebSocket links (wss when opts.tls is given or the address is wss://). */
export function listenWs(ep: Extract<Endpoint, { kind: "ws" }>, onLink: (link: WsLink) => void, opts: ListenOptions): Promise<Listener> {
  const address = formatAddress(ep);
  if (ep.secure && opts.tls === undefined) return Promise.reject(new Error(`listen on ${address}: wss needs opts.tls (key and cert)`));
  const secure = opts.tls !== undefined;
  const server = secure ? https.createServer({ key: opts.tls!.key, cert: opts.tls!.cert }) : http.createServer();
  const wss = new WebSocketServer({ server, path: ep.path, perMessageDeflate: false, maxPayload: MAX_MESSAGE });
  wss.on("connection", (ws, req) => {
    const s = req.socket;
    onLink(new WsLink(ws, `${secure ? "wss" : "ws"}://${hostPart(s.remoteAddress ?? "?")}:${s.remotePort ?? "?"}`));
  });
  wss.on("error", (err) => opts.onError?.(new Error(`listener ${address}: ${err.message}`, { cause: err })));
  if (secure) {
    server.on("tlsClientError", (err, s) =>
      opts.onError?.(new Error(`${address}: TLS handshake with ${hostPart(s.remoteAddress ?? "?")}:${s.remotePort ?? "?"} failed: ${err.message}`)),
    );
  }
  return new Promise((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`listen on ${address} failed: ${err.message}`, { cause: err })));
    server.listen({ host: ep.host, port: ep.port }, () => {
      server.removeAllListeners("error");
      server.on("error", (err) => opts.onError?.(new Error(`listener ${address}: ${err.message}`, { cause: err })));
      const port = (server.address() as { port: number }).port;
      resolve({
        address: formatAddress({ ...ep, secure, port }),
        close: () =>
          new Promise<void>((done) => {
            // Stop listening now; accepted (upgraded) links stay open by design.
            wss.close();
            server.close();
            setImmediate(done);
          }),
      });
    });
  });
}

/** Connects a WebSocket link. */
export function connectWs(ep: Extract<Endpoint, { kind: "ws" }>, opts: ConnectOptions): Promise<WsLink> {
  const address = formatAddress(ep);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const ws = new WebSocket(address, {
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE,
    handshakeTimeout: timeoutMs,
    ca: opts.tls?.ca,
    rejectUnauthorized: opts.tls?.rejectUnauthorized ?? true,
  });
  // Listeners first, so nothing that arrives right after the upgrade is missed.
  const link = new WsLink(ws, address);
  return opened(link, address, timeoutMs, (cb) => ws.once("open", cb), () => ws.terminate());
}
