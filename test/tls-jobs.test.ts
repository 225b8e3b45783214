// TLS between a job's processes, with a certificate the test makes: wmpiexec --tls-cert/--tls-key/
// --tls-ca runs process-mode jobs over TLS sockets and over wss://; a job whose processes trust
// another CA, and a process that joins without the CA (or without TLS at all), fail at once and
// clearly. Also the checks on the options and on WMPI_TLS_*.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../ts/launcher/cli.js";
import { PmiServer } from "../ts/pmi/server.js";
import { tlsFromEnv } from "../ts/runtime/net-tls.js";
import { haveOpenssl, makeCert, type TestCert } from "./harness/certs.js";
import { expectNoErrors, runJob } from "./harness/job.js";
import { runPmiJob } from "./harness/pmi-procs.js";

const openssl = haveOpenssl();
if (!openssl) console.warn("openssl not found: the TLS job tests are skipped");

let dir = "";
/** the job's certificate, and another one nobody in the job trusts */
let good: TestCert;
let other: TestCert;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "wmpi-tls-jobs-"));
  if (!openssl) return;
  good = makeCert(dir, "job", ["127.0.0.1"]);
  other = makeCert(dir, "other", ["127.0.0.1"]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tlsArgs = (net: string, ca: () => string) => ["--mode", "process", "--net", net, "--tls-cert", good.cert, "--tls-key", good.key, "--tls-ca", ca()];

describe.skipIf(!openssl)("wmpiexec process mode over TLS", () => {
  for (const net of ["tcp", "ws"]) {
    it(`3 ranks, point-to-point, over ${net === "tcp" ? "TLS sockets" : "wss://"}`, async () => {
      expectNoErrors(await runJob(3, "p2p_buf.ts", { launcherArgs: tlsArgs(net, () => good.cert), timeoutMs: 30_000 }), 3);
    });
    it(`processes that trust another CA cannot connect (${net}): the job fails, naming the certificate problem`, async () => {
      const out = await runJob(3, "p2p_buf.ts", { launcherArgs: tlsArgs(net, () => other.cert), timeoutMs: 30_000 });
      expect(out.code).toBe(1);
      expect(out.stdout).not.toMatch(/No Errors/);
      const scheme = net === "tcp" ? "tls:" : "wss:\\/\\/";
      expect(out.stderr).toMatch(new RegExp(`cannot connect to process \\d at ${scheme}127\\.0\\.0\\.1:\\d+: .*self[- ]signed certificate`));
      expect(out.stderr).toMatch(/wmpiexec: rank \d aborted the job with code 1/);
    });
  }
});

describe.skipIf(!openssl)("a process joining a TLS job without the CA", () => {
  /** Runs p2p_buf.ts as 3 processes over TLS sockets; process 2's environment is changed by `last`. */
  async function joinWith(last: (env: Record<string, string>) => Record<string, string>) {
    const pmi = await PmiServer.start({ size: 3, onAbort: () => undefined });
    try {
      const tls = { WMPI_NET: "tcp", WMPI_TLS_CERT: good.cert, WMPI_TLS_KEY: good.key, WMPI_TLS_CA: good.cert };
      const procs = [0, 1, 2].map((p) => ({ env: p === 2 ? last({ ...pmi.envFor(p), ...tls }) : { ...pmi.envFor(p), ...tls } }));
      return await runPmiJob(procs, "p2p_buf.ts");
    } finally {
      await pmi.close();
    }
  }
  it("the control: all three with the CA run the job", async () => {
    expectNoErrors(await joinWith((env) => env), 3);
  });
  it("with its certificate but no WMPI_TLS_CA: it cannot verify the others, and the job ends", async () => {
    const out = await joinWith(({ WMPI_TLS_CA: _, ...env }) => env);
    expect(out.codes[2]).toBe(1);
    expect(out.stderr).toMatch(/wmpi: process 2 \(ranks 2\.\.2\): cannot connect to process \d at tls:127\.0\.0\.1:\d+: .*self[- ]signed certificate/);
    expect(out.stdout).not.toMatch(/No Errors/);
  });
  it("with no TLS at all: the others' tls: addresses still make it use TLS, and it cannot verify them", async () => {
    const out = await joinWith(({ WMPI_TLS_CA: _a, WMPI_TLS_CERT: _c, WMPI_TLS_KEY: _k, ...env }) => env);
    expect(out.codes[2]).toBe(1);
    expect(out.stderr).toMatch(/wmpi: process 2 \(ranks 2\.\.2\): cannot connect to process \d at tls:127\.0\.0\.1:\d+: .*self[- ]signed certificate/);
    expect(out.stdout).not.toMatch(/No Errors/);
  });
});

describe("TLS settings are checked", () => {
  const usage = (argv: string[]) => () => parseArgs([...argv, "prog.ts"]);
  it("wmpiexec: both --tls-cert and --tls-key, process mode, tcp or ws", () => {
    expect(usage(["--mode", "process", "--net", "tcp", "--tls-cert", "c.pem"])).toThrow(new UsageError("TLS needs both --tls-cert and --tls-key: every process listens"));
    expect(usage(["--net", "tcp", "--tls-cert", "c.pem", "--tls-key", "k.pem"])).toThrow(/--tls-\* is for jobs of several processes/);
    expect(parseArgs(["--pmi", "--tls-cert", "c.pem", "--tls-key", "k.pem", "prog.ts"])).toMatchObject({ pmi: true, tls: { cert: "c.pem" } });
    expect(usage(["--mode", "process", "--tls-cert", "c.pem", "--tls-key", "k.pem"])).toThrow(/needs --net tcp or ws, not unix \(the default\)/);
    const o = parseArgs(["--ppn", "2", "--net", "ws", "--tls-key", "k.pem", "--tls-cert", "c.pem", "--tls-ca", "ca.pem", "prog.ts"]);
    expect(o).toMatchObject({ mode: "process", net: "ws", tls: { cert: "c.pem", key: "k.pem", ca: "ca.pem" } });
  });
  it.skipIf(!openssl)("WMPI_TLS_*: unset is plain; each mistake is named", () => {
    expect(tlsFromEnv({}, "tcp")).toBeUndefined();
    expect(tlsFromEnv({ WMPI_TLS_CERT: good.cert, WMPI_TLS_KEY: good.key }, "ws")).toMatchObject({ cert: expect.stringContaining("BEGIN CERTIFICATE") });
    expect(() => tlsFromEnv({ WMPI_TLS_CA: good.cert }, "tcp")).toThrow("TLS needs both WMPI_TLS_CERT and WMPI_TLS_KEY (only WMPI_TLS_CA set)");
    expect(() => tlsFromEnv({ WMPI_TLS_CERT: good.cert, WMPI_TLS_KEY: good.key }, "unix")).toThrow('TLS is for WMPI_NET=tcp or ws, not "unix"');
    expect(() => tlsFromEnv({ WMPI_TLS_CERT: good.cert, WMPI_TLS_KEY: path.join(dir, "none.pem") }, "tcp")).toThrow(/^WMPI_TLS_KEY: cannot read .*none\.pem: ENOENT/);
    expect(() => tlsFromEnv({ WMPI_TLS_CERT: good.cert, WMPI_TLS_KEY: other.key }, "tcp")).toThrow(/are not a usable certificate, key and CA: .*key values mismatch/);
  });
});
