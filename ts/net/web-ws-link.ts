/**
 * A FrameLink over the platform's standard WebSocket (a browser's, or
 * Node's global one): what a page uses to reach wmpi processes, which it can
 * only dial (a page cannot listen). Each encodeFrame part goes as one binary
 * message, as ws-link.ts sends them; every message feeds one FrameDecoder.
 * The standard API cannot stop reading, so pause() holds decoded frames in
 * the link's queue instead (BaseLink).
 */
import { encodeFrame, FrameError, type Frame } from "./frame.js";
import { BaseLink, opened } from "./link-base.js";

/** Close codes that mean an orderly end (1005: closed without a status code). */
const NORMAL_CLOSE = new Set([1000, 1001, 1005]);

export class WebWsLink extends BaseLink {
  constructor(private readonly ws: WebSocket) {
    super(ws.url);
    ws.binaryType = "arraybuffer";
    ws.addEventListener("message", (e: MessageEvent) => {
      if (typeof e.data === "string") this.fail(new FrameError(`${this.peer}: text message on a wmpi link`));
      else this.received(new Uint8Array(e.data as ArrayBuffer));
    });
    // (a failure is reported by the close event that follows; the listener also keeps a
    // WebSocket that reports errors as events of an emitter, as Node's ws does, from throwing)
    ws.addEventListener("error", () => {});
    ws.addEventListener("close", (e: CloseEvent) => {
      if (NORMAL_CLOSE.has(e.code)) this.finish();
      else this.finish(new Error(`${this.peer}: WebSocket closed with code ${e.code}${e.reason ? ` (${e.reason})` : ""}`));
    });
  }

  send(f: Frame): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    for (const p of encodeFrame(f)) this.ws.send(p);
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  protected shutdown(): void {
    this.ws.close(1000);
  }

  protected destroy(): void {
    this.ws.close(4000, "protocol error");
  }

  // (the standard API has no flow control: held frames wait in BaseLink's queue)
  protected pauseReading(): void {}
  protected resumeReading(): void {}
}

/** Dials a wmpi WebSocket listener (ws:// or wss://); rejects with an Error naming it on failure or after timeoutMs. */
export function connectWebWs(url: string, timeoutMs = 10_000): Promise<WebWsLink> {
  let ws: WebSocket;
  try {
    ws = new WebSocket(url);
  } catch (e) {
    return Promise.reject(new Error(`connect to ${url} failed: ${e instanceof Error ? e.message : e}`));
  }
  // listeners first, so nothing that arrives right after the upgrade is missed
  const link = new WebWsLink(ws);
  return opened(link, url, timeoutMs, (cb) => ws.addEventListener("open", cb), () => ws.close());
}
