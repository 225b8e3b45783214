// A name server for independent jobs (issue 9): hydra_nameserver's wire protocol (no sockets),
// the client against wmpi-nameserver and against MPICH's own /usr/bin/hydra_nameserver, a client
// whose server is down, stuck or speaking something else, wmpiexec's PMI server forwarding to it,
// and two independent jobs sharing one name server: wmpiexec in threads and in processes, with
// either server, and a job of MPICH's Hydra (mpiexec -nameserver) with wmpi-nameserver.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { askNameServer, parseNameServerAddress, remoteNames, wireNames, type NameServerAddress } from "../ts/net/name-client.js";
import { NameServer } from "../ts/net/name-server.js";
import { AnswerReader, encodeAnswer, encodeRequest, NAME_SERVER_DEFAULT_PORT, RequestReader } from "../ts/net/name-wire.js";
import { PmiClient } from "../ts/pmi/client.js";
import { PmiServer } from "../ts/pmi/server.js";
import { encodeValue } from "../ts/pmi/value-codec.js";
import type { NameService } from "../ts/runtime/universe-protocol.js";
import { expectNoErrors, runCommand, runJob, type JobOutput } from "./harness/job.js";
import { freePort, startHydraNameserver, startWmpiNameserver, type ServerProcess } from "./harness/nameserver.js";

const root = path.resolve(import.meta.dirname, "..");
const HYDRA_NAMESERVER = "/usr/bin/hydra_nameserver";
const hasHydraNameserver = !spawnSync(HYDRA_NAMESERVER, ["-help"], { stdio: "ignore" }).error;
const hasHydra = spawnSync("mpiexec.mpich", ["--version"], { stdio: "ignore" }).status === 0;

describe("the wire (hydra_nameserver's protocol)", () => {
  it("a request is an int32 count and length-prefixed NUL-terminated strings, as Hydra's HYDU_send_strlist writes", () => {
    const bytes = encodeRequest({ cmd: "PUBLISH", service: "svc", port: "p" });
    const int = (n: number) => [n, 0, 0, 0];
    const str = (s: string) => [...int(s.length + 1), ...Buffer.from(s), 0];
    expect([...bytes]).toEqual([...int(3), ...str("PUBLISH"), ...str("svc"), ...str("p")]);
    expect([...encodeAnswer("")]).toEqual([1, 0, 0, 0, 0]);
  });

  it("the server reads requests split anywhere and several in one piece", () => {
    const bytes = Buffer.concat([encodeRequest({ cmd: "LOOKUP", service: "ä b" }), encodeRequest({ cmd: "UNPUBLISH", service: "x" })]);
    const reader = new RequestReader();
    const got = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(got).toEqual([
      { cmd: "LOOKUP", service: "ä b" },
      { cmd: "UNPUBLISH", service: "x" },
    ]);
    expect(new RequestReader().push(bytes)).toHaveLength(2);
  });

  it("an unknown request is named, and lengths no client sends are refused", () => {
    const stray = Buffer.concat([Buffer.from([2, 0, 0, 0]), encodeAnswer("REMOVE"), encodeAnswer("x")]);
    expect(new RequestReader().push(stray)).toEqual([{ cmd: "invalid", why: expect.stringMatching(/unknown request "REMOVE x"/) }]);
    expect(() => new RequestReader().push(Buffer.from("GET / HTTP/1.1\r\n"))).toThrow(/request string count \d+ is not in 0\.\.16/);
  });

  it("the client takes answers with their NUL, and older servers' answers without (an empty one: length 0)", () => {
    expect(new AnswerReader().push(encodeAnswer("SUCCESS"))).toBe("SUCCESS");
    expect(new AnswerReader().push(Buffer.from([7, 0, 0, 0, ...Buffer.from("SUCCESS")]))).toBe("SUCCESS");
    expect(new AnswerReader().push(Buffer.alloc(4))).toBe("");
    const partial = new AnswerReader();
    expect(partial.push(Buffer.from([3, 0, 0, 0, 0x70]))).toBeUndefined();
    expect(partial.push(Buffer.from([0x31, 0]))).toBe("p1");
  });

  it("strings a C string cannot hold are refused before anything is sent", () => {
    expect(() => encodeRequest({ cmd: "LOOKUP", service: "a\0b" })).toThrow(/NUL character/);
  });

  it("addresses: HOST[:PORT] with Hydra's default port, IPv6 in brackets; mistakes name their source", () => {
    expect(parseNameServerAddress("nshost")).toEqual({ host: "nshost", port: NAME_SERVER_DEFAULT_PORT });
    expect(NAME_SERVER_DEFAULT_PORT).toBe(6392);
    expect(parseNameServerAddress("10.0.0.2:7000")).toEqual({ host: "10.0.0.2", port: 7000 });
    expect(parseNameServerAddress("[::1]:7000")).toEqual({ host: "::1", port: 7000 });
    expect(parseNameServerAddress("::1")).toEqual({ host: "::1", port: NAME_SERVER_DEFAULT_PORT });
    expect(() => parseNameServerAddress("h:70000", "--nameserver")).toThrow(/^--nameserver: port 70000 in "h:70000" is not in 1\.\.65535/);
    expect(() => parseNameServerAddress("h:p", "WMPI_NAMESERVER")).toThrow(/^WMPI_NAMESERVER: "h:p" is not HOST\[:PORT\]/);
    expect(() => parseNameServerAddress("[nshost]:1")).toThrow(/is not HOST\[:PORT\]/);
  });
});

const servers = [
  { label: "wmpi-nameserver", skip: false, start: startWmpiNameserver },
  { label: "MPICH's hydra_nameserver", skip: !hasHydraNameserver, start: startHydraNameserver },
];

for (const s of servers) {
  describe.skipIf(s.skip)(`the client against ${s.label}`, () => {
    let server: ServerProcess;
    beforeAll(async () => void (server = await s.start()));
    afterAll(() => server?.stop());

    it("publish, lookup, unpublish: taken, unknown and other-port names say no", async () => {
      const names = wireNames(server.address);
      expect(await names.lookup("svc-a")).toBeUndefined();
      expect(await names.publish("svc-a", "port-a")).toBe(true);
      expect(await names.lookup("svc-a")).toBe("port-a");
      expect(await names.unpublish("svc-a", "port-b")).toBe(false);
      expect(await names.lookup("svc-a")).toBe("port-a");
      expect(await names.unpublish("svc-a", "port-a")).toBe(true);
      expect(await names.lookup("svc-a")).toBeUndefined();
      expect(await names.unpublish("svc-a", "port-a")).toBe(false);
      expect(await names.unpublish("never", "port-a")).toBe(false);
    });

    it("a second publish of a name is refused", async () => {
      const names = wireNames(server.address);
      expect(await names.publish("svc-b", "port-1")).toBe(true);
      expect(await names.publish("svc-b", "port-2")).toBe(false);
      expect(await names.lookup("svc-b")).toBe("port-1");
    });

    it("a universe's names (remoteNames) carry any text, as wmpi's PMI client encodes it", async () => {
      const names = remoteNames(server.address);
      const service = "my service = ünï; x", port = "wmpi-port:ab12:0:3 with spaces";
      expect(await names.publish(service, port)).toBe(true);
      expect(await names.lookup(service)).toBe(port);
      // what a job under Hydra (PMI) would find: the same name, encoded the same way
      expect(await wireNames(server.address).lookup(encodeValue(service))).toBe(encodeValue(port));
      expect(await names.unpublish(service, port)).toBe(true);
    });

    it("answers many clients at once", async () => {
      const names = wireNames(server.address);
      const ok = await Promise.all(Array.from({ length: 20 }, (_, i) => names.publish(`many-${i}`, `p${i}`)));
      expect(ok.every(Boolean)).toBe(true);
      expect(await Promise.all(Array.from({ length: 20 }, (_, i) => names.lookup(`many-${i}`)))).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
    });
  });
}

describe("wmpi-nameserver where hydra_nameserver goes wrong", () => {
  let server: NameServer;
  const errors: string[] = [];
  beforeAll(async () => void (server = await NameServer.start({ port: 0, host: "127.0.0.1", onProtocolError: (_, why) => errors.push(why) })));
  afterAll(() => server?.close());
  const address = () => ({ host: "127.0.0.1", port: server.port });

  it("a refused publish leaves no trace: once the owner unpublishes, the name is gone (hydra_nameserver returns the refused port)", async () => {
    const names = wireNames(address());
    expect(await names.publish("dup", "first")).toBe(true);
    expect(await names.publish("dup", "second")).toBe(false);
    expect(await names.unpublish("dup", "first")).toBe(true);
    expect(await names.lookup("dup")).toBeUndefined();
    expect(server.published().size).toBe(0);
  });

  it("an unknown name is answered with length 0, which Hydra's mpiexec reads as none (hydra_nameserver's empty string it takes for a port)", async () => {
    const raw = await new Promise<Buffer>((resolve) => {
      const s = net.connect(server.port, "127.0.0.1", () => s.write(encodeRequest({ cmd: "LOOKUP", service: "nobody" })));
      s.once("data", (d: Buffer) => (s.destroy(), resolve(d)));
    });
    expect([...raw]).toEqual([0, 0, 0, 0]);
  });

  it("a client speaking something else loses its connection; the server goes on (hydra_nameserver exits)", async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(server.port, "127.0.0.1", () => s.write(Buffer.concat([Buffer.from([2, 0, 0, 0]), encodeAnswer("REMOVE"), encodeAnswer("x")])));
      s.on("close", () => resolve(true));
    });
    expect(closed).toBe(true);
    expect(errors.join("\n")).toMatch(/unknown request "REMOVE x"/);
    expect(await wireNames(address()).publish("after", "p")).toBe(true);
  });

  it("takes several requests on one connection", async () => {
    const requests = [encodeRequest({ cmd: "PUBLISH", service: "one", port: "p" }), encodeRequest({ cmd: "LOOKUP", service: "one" }), encodeRequest({ cmd: "UNPUBLISH", service: "one" })];
    const answers = await new Promise<string[]>((resolve) => {
      const s = net.connect(server.port, "127.0.0.1", () => s.write(Buffer.concat(requests)));
      let buf = Buffer.alloc(0);
      s.on("data", (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const got: string[] = [];
        for (let at = 0; at + 4 <= buf.length && at + 4 + buf.readInt32LE(at) <= buf.length; at += 4 + buf.readInt32LE(at))
          got.push(buf.subarray(at + 4, at + 3 + buf.readInt32LE(at)).toString());
        if (got.length === 3) (s.destroy(), resolve(got));
      });
    });
    expect(answers).toEqual(["SUCCESS", "p", "SUCCESS"]);
  });

  it("a port that is taken is named", async () => {
    await expect(NameServer.start({ port: server.port, host: "127.0.0.1" })).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${server.port}: the port is taken`));
  });
});

describe("a name server that is not there, stuck, or not a name server: errors naming it, never a hang", () => {
  const fakes: net.Server[] = [];
  const accepted: net.Socket[] = [];
  afterEach(async () => {
    for (const s of accepted.splice(0)) s.destroy();
    for (const s of fakes.splice(0)) await new Promise((r) => s.close(r));
  });
  /** A TCP server that does `onConnection` with each client. */
  async function fake(onConnection: (s: net.Socket) => void): Promise<NameServerAddress> {
    const s = net.createServer((socket) => {
      accepted.push(socket);
      socket.on("error", () => {});
      onConnection(socket);
    });
    fakes.push(s);
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    return { host: "127.0.0.1", port: (s.address() as net.AddressInfo).port };
  }

  it("refused: at once", async () => {
    const port = await freePort();
    const t0 = Date.now();
    await expect(remoteNames({ host: "127.0.0.1", port }).publish("s", "p")).rejects.toThrow(new RegExp(`^name server 127\\.0\\.0\\.1:${port}: cannot connect: ECONNREFUSED`));
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("accepts but never answers: after the deadline", async () => {
    const address = await fake(() => {});
    const t0 = Date.now();
    await expect(wireNames(address, { timeoutMs: 300 }).lookup("s")).rejects.toThrow(new RegExp(`^name server 127\\.0\\.0\\.1:${address.port} did not answer LOOKUP within 300 ms`));
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("closes without answering, answers nonsense, or answers a publish with something else", async () => {
    const closes = await fake((s) => s.destroy());
    await expect(wireNames(closes).lookup("s")).rejects.toThrow(/closed the connection before answering LOOKUP/);
    const http = await fake((s) => s.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    await expect(wireNames(http).lookup("s")).rejects.toThrow(/answered LOOKUP with something other than its protocol: string length \d+ is not in/);
    const odd = await fake((s) => s.once("data", () => s.write(encodeAnswer("MAYBE"))));
    await expect(wireNames(odd).publish("s", "p")).rejects.toThrow(/answered PUBLISH with "MAYBE", not SUCCESS or FAILURE/);
  });

  it("askNameServer itself: one request, one answer", async () => {
    const server = await NameServer.start({ port: 0, host: "127.0.0.1" });
    try {
      expect(await askNameServer({ host: "127.0.0.1", port: server.port }, { cmd: "PUBLISH", service: "s", port: "p" })).toBe("SUCCESS");
    } finally {
      await server.close();
    }
  });
});

describe("wmpiexec's PMI server forwarding names to a name server (process mode)", () => {
  let pmi: PmiServer | undefined;
  const clients: PmiClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await pmi?.close();
    pmi = undefined;
  });
  async function connect(names: NameService): Promise<PmiClient> {
    pmi = await PmiServer.start({ size: 1, names });
    const c = PmiClient.fromEnv(pmi.envFor(0))!;
    clients.push(c);
    await c.init();
    return c;
  }

  it("publish, lookup, unpublish go to the name server as the client encoded them", async () => {
    const server = await NameServer.start({ port: 0, host: "127.0.0.1" });
    try {
      const address = { host: "127.0.0.1", port: server.port };
      const c = await connect(wireNames(address));
      expect(await c.publishName("svc = x", "port 1")).toBe(true);
      expect(server.published().get(encodeValue("svc = x"))).toBe(encodeValue("port 1"));
      expect(await remoteNames(address).lookup("svc = x")).toBe("port 1");
      expect(await c.publishName("svc = x", "port 2")).toBe(false);
      expect(await c.lookupName("svc = x")).toBe("port 1");
      expect(await c.lookupName("none")).toBeUndefined();
      expect(await c.unpublishName("none")).toBe(false);
      expect(await c.unpublishName("svc = x")).toBe(true);
      expect(server.published().size).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("a name server that is down: the client's call fails naming it (not a 'no')", async () => {
    const port = await freePort();
    const c = await connect(wireNames({ host: "127.0.0.1", port }));
    await expect(c.publishName("s", "p")).rejects.toThrow(new RegExp(`PMI: publish_name of "s" failed: name_server_127\\.0\\.0\\.1:${port}:_cannot_connect:_ECONNREFUSED.*\\(rc=-1\\)`));
    await expect(c.lookupName("s")).rejects.toThrow(/lookup_name of "s" failed: name_server/);
    await expect(c.unpublishName("s")).rejects.toThrow(/unpublish_name of "s" failed: name_server/);
  });

  it("a client's next lines wait for the name server's answer, and are answered in order", async () => {
    let release!: () => void;
    const slow: NameService = {
      publish: async () => true,
      lookup: () => new Promise((resolve) => (release = () => resolve("late-port"))),
      unpublish: async () => true,
    };
    pmi = await PmiServer.start({ size: 1, names: slow, kvsname: "kvs_order" });
    const lines: string[] = [];
    const s = net.connect(pmi.port, "127.0.0.1");
    await new Promise((r) => s.once("connect", r));
    s.setEncoding("latin1");
    s.on("data", (d: string) => lines.push(...d.split("\n").filter(Boolean)));
    s.write("cmd=lookup_name service=x\ncmd=get_my_kvsname\n");
    await new Promise((r) => setTimeout(r, 100));
    expect(lines).toEqual([]);
    release();
    await new Promise((r) => setTimeout(r, 100));
    s.destroy();
    expect(lines).toEqual(["cmd=lookup_result info=ok port=late-port rc=0", "cmd=my_kvsname kvsname=kvs_order"]);
  });
});

describe("two independent jobs sharing one name server", () => {
  let ours: ServerProcess;
  beforeAll(async () => void (ours = await startWmpiNameserver()));
  afterAll(() => ours?.stop());

  /** Job A publishes, job B (started at the same time) finds the port: A's printed port is B's. */
  async function pair(service: string, a: Promise<JobOutput>, b: Promise<JobOutput>, npA: number, npB: number): Promise<void> {
    const [outA, outB] = await Promise.all([a, b]);
    expectNoErrors(outA, npA);
    expectNoErrors(outB, npB);
    const published = new RegExp(`^published ${service} (wmpi-port:\\S+)$`, "m").exec(outA.stdout)?.[1];
    expect(published, outA.stdout).toBeDefined();
    expect(outB.stdout).toContain(`found ${service} ${published}\n`);
  }
  const withServer = (text: string, args: string[] = []) => ["--nameserver", text, ...args];

  const modes = [
    { label: "threads and threads", a: [] as string[], b: [] as string[] },
    { label: "processes and processes (--ppn 1; --ppn 2 --net tcp)", a: ["--ppn", "1"], b: ["--ppn", "2", "--net", "tcp"] },
    { label: "threads and processes", a: [], b: ["--ppn", "1"] },
  ];
  for (const m of modes) {
    it(`${m.label}: A publishes, B looks up, A unpublishes; the refusals cross jobs`, async () => {
      const service = `svc-${m.a.join("")}-${m.b.join("")}`;
      await pair(
        service,
        runJob(2, "ns_publish.ts", { args: [service], launcherArgs: withServer(ours.text, m.a), timeoutMs: 60_000 }),
        runJob(3, "ns_lookup.ts", { args: [service], launcherArgs: withServer(ours.text, m.b), timeoutMs: 60_000 }),
        2,
        3,
      );
    });
  }

  it("the name server from WMPI_NAMESERVER", async () => {
    const env = { WMPI_NAMESERVER: ours.text };
    await pair("svc-env", runJob(1, "ns_publish.ts", { args: ["svc-env"], env }), runJob(1, "ns_lookup.ts", { args: ["svc-env"], env }), 1, 1);
  });

  it.skipIf(!hasHydraNameserver)("with MPICH's hydra_nameserver instead (threads and processes)", async () => {
    const hydraNs = await startHydraNameserver();
    try {
      const service = "svc-hydra-ns";
      await pair(
        service,
        runJob(2, "ns_publish.ts", { args: [service, "--hydra-nameserver"], launcherArgs: withServer(hydraNs.text) }),
        runJob(2, "ns_lookup.ts", { args: [service, "--hydra-nameserver"], launcherArgs: withServer(hydraNs.text, ["--ppn", "1"]) }),
        2,
        2,
      );
    } finally {
      hydraNs.stop();
    }
  });

  it.skipIf(!hasHydra)("a job of MPICH's Hydra (mpiexec -nameserver) and a wmpiexec job, with wmpi-nameserver", async () => {
    const service = "svc-hydra";
    const hydraJob = runCommand("mpiexec.mpich", ["-nameserver", ours.text, "-n", "2", process.execPath, path.join(root, "bin/wmpiexec.js"), "--pmi", path.join(root, "test/jobs/ns_publish.ts"), service]);
    await pair(service, hydraJob, runJob(2, "ns_lookup.ts", { args: [service], launcherArgs: withServer(ours.text) }), 2, 2);
  });

  it.skipIf(!hasHydra)("Hydra's mpiexec -nameserver with wmpi-nameserver: the ports-and-names job of dynamic.test.ts (ERR_NAME for a name nobody published)", async () => {
    const args = ["-nameserver", ours.text, "-n", "3", process.execPath, path.join(root, "bin/wmpiexec.js"), "--pmi", path.join(root, "test/jobs/dyn_ports.ts")];
    expectNoErrors(await runCommand("mpiexec.mpich", args, { env: { WMPI_CONNECT_TIMEOUT: "1" } }), 3);
  });

  for (const mode of [{ label: "threads", args: [] as string[] }, { label: "processes", args: ["--ppn", "1"] }]) {
    it(`a name server that is down: the name calls fail with MPI.ERR_NAME / ERR_SERVICE (as MPICH) at once (${mode.label})`, async () => {
      const port = await freePort();
      expectNoErrors(await runJob(1, "ns_down.ts", { launcherArgs: withServer(`127.0.0.1:${port}`, mode.args), timeoutMs: 30_000 }), 1);
    });
  }
});

describe("command lines", () => {
  it("wmpi-nameserver: bad arguments exit 2, a taken port exits 1, naming it", async () => {
    const bin = path.join(root, "bin/wmpi-nameserver.js");
    const bad = await runCommand(process.execPath, [bin, "--port", "http"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port takes a port number in 0\.\.65535, not "http"/);
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const out = await runCommand(process.execPath, [bin, "--port", String(port), "--bind", "127.0.0.1"]);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is taken`);
    } finally {
      taken.close();
    }
  });

  it("wmpiexec: a bad --nameserver or WMPI_NAMESERVER, and --nameserver under a process manager, exit 2", async () => {
    const bad = await runJob(1, "ns_down.ts", { launcherArgs: ["--nameserver", "h:p"] });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--nameserver: "h:p" is not HOST\[:PORT\]/);
    const env = await runJob(1, "ns_down.ts", { env: { WMPI_NAMESERVER: "h:99999" } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/WMPI_NAMESERVER: port 99999 in "h:99999" is not in 1\.\.65535/);
    const managed = await runJob(1, "ns_down.ts", { launcherArgs: ["--pmi", "--nameserver", "127.0.0.1"] });
    expect(managed.code).toBe(2);
    expect(managed.stderr).toMatch(/--nameserver is for jobs wmpiexec starts itself: under a process manager, names go through it \(mpiexec -nameserver HOST\)/);
  });
});
