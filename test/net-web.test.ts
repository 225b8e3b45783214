// The page's side of the network (issue 10, a browser rank joining a Node job): a FrameLink over
// the standard WebSocket API (net/web-ws-link.ts) and the job-token handshake over WebCrypto
// (net/handshake-web.ts), against wmpi's own Node listener and handshake: the same frames, so a
// wmpi process cannot tell a page from a process. Node 20 has no global WebSocket: the tests give
// it the ws package's, which implements the standard API (a browser's is tested with the page).
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WebSocket as WsWebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "../ts/net/frame.js";
import { acceptPeer, OTHER_JOB } from "../ts/net/handshake.js";
import { dialPeerWeb } from "../ts/net/handshake-web.js";
import { listen, type FrameLink, type Listener } from "../ts/net/link.js";
import { connectWebWs } from "../ts/net/web-ws-link.js";
import { parseDirectory } from "../ts/runtime/net-jobs.js";
import { runJob } from "./harness/job.js";

const g = globalThis as { WebSocket?: unknown };
const hadWebSocket = g.WebSocket;
beforeAll(() => void (g.WebSocket ??= WsWebSocket));
afterAll(() => void (g.WebSocket = hadWebSocket));

const token = new Uint8Array(32).map((_, i) => i * 7 + 1);

/** A wmpi WebSocket listener whose links run acceptPeer as process 3; `accepted` gets each link and its peer's proc, or the error. */
async function server(): Promise<{ listener: Listener; accepted: Promise<{ link: FrameLink; proc: number } | Error> }> {
  let done!: (r: { link: FrameLink; proc: number } | Error) => void;
  const accepted = new Promise<{ link: FrameLink; proc: number } | Error>((r) => (done = r));
  const listener = await listen("ws://127.0.0.1:0", (link) => {
    acceptPeer(link, token, 3).then(
      (proc) => done({ link, proc }),
      (e: Error) => done(e),
    );
  });
  return { listener, accepted };
}

describe("a page's WebSocket link and WebCrypto handshake, against wmpi's listener", () => {
  it("both sides prove the token; frames flow both ways, none lost right after the welcome", async () => {
    const { listener, accepted } = await server();
    const link = await connectWebWs(listener.address.replace(/^ws:/, "ws:"));
    const dialed = dialPeerWeb(link, token, 7);
    const side = await accepted;
    if (side instanceof Error) throw side;
    expect(side.proc).toBe(7);
    // sent at once: it may arrive with the welcome, and must wait for the page's onFrame
    side.link.send({ type: "pkt", dst: 1, header: new Uint8Array(48).fill(9), payload: new Uint8Array([1, 2, 3]) });
    expect(await dialed).toBe(3);
    const got = await new Promise<Frame>((r) => link.onFrame(r));
    expect(got.type).toBe("pkt");
    expect([...(got as Extract<Frame, { type: "pkt" }>).payload]).toEqual([1, 2, 3]);
    const back = new Promise<Frame>((r) => side.link.onFrame(r));
    link.send({ type: "ping" });
    expect((await back).type).toBe("ping");
    link.close();
    await listener.close();
  });

  it("a wrong token is refused on both sides", async () => {
    const { listener, accepted } = await server();
    const link = await connectWebWs(listener.address);
    await expect(dialPeerWeb(link, token.map((b) => b ^ 1), 7)).rejects.toThrow(/failed to prove the job token/);
    expect(await accepted).toBeInstanceOf(Error);
    await listener.close();
  });

  it("an address nobody listens on fails, naming it", async () => {
    await expect(connectWebWs("ws://127.0.0.1:9", 2000)).rejects.toThrow(/ws:\/\/127\.0\.0\.1:9/);
  });
});

describe("a page meets a thread-mode job's port (wmpiexec --net ws)", () => {
  it("the port's token opens the connection, and the job sends its directory first", async () => {
    const file = path.join(os.tmpdir(), `wmpi-net-web-${process.pid}`);
    // the server job waits in Accept; the page meets it, then a real client job completes the accept
    const serverJob = runJob(2, "dyn_jobs.ts", { args: ["server", file, "1"], launcherArgs: ["--net", "ws"] });
    let port = "";
    for (let i = 0; i < 300 && !port; i++) {
      try {
        port = readFileSync(file, "utf8");
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const m = /^wmpi-port:([0-9a-f]{8}):\d+:\d+:([0-9a-f]{64}):(ws:\/\/.+)$/.exec(port);
    expect(m, port).not.toBeNull();
    const link = await connectWebWs(m![3]);
    expect(await dialPeerWeb(link, Uint8Array.from(Buffer.from(m![2], "hex")), OTHER_JOB)).toBe(0);
    const first = await new Promise<Frame>((r) => link.onFrame(r));
    expect(first.type).toBe("job");
    const dir = parseDirectory((first as Extract<Frame, { type: "job" }>).directory);
    expect(dir.job).toBe(Number.parseInt(m![1], 16));
    expect(dir.addresses).toEqual([m![3]]);
    link.close();
    const client = await runJob(2, "dyn_jobs.ts", { args: ["client", file, "1"] });
    const served = await serverJob;
    expect(served.code, served.stderr).toBe(0);
    expect(client.code, client.stderr).toBe(0);
  });
});
