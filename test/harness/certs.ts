// Self-signed certificates for TLS tests, made with the openssl command line.
import { execFileSync } from "node:child_process";
import path from "node:path";

/** PEM file paths of a self-signed certificate (its own CA) and its key. */
export interface TestCert {
  cert: string;
  key: string;
}

/** True when the openssl command is available. */
export function haveOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `<dir>/<name>.cert.pem` and `<dir>/<name>.key.pem`: a self-signed certificate for
 * CN=localhost valid for DNS:localhost and each IP in `ips`, valid for one day.
 */
export function makeCert(dir: string, name: string, ips: string[]): TestCert {
  const cert = path.join(dir, `${name}.cert.pem`);
  const key = path.join(dir, `${name}.key.pem`);
  const san = ["DNS:localhost", ...ips.map((ip) => `IP:${ip}`)].join(",");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", `subjectAltName=${san}`], { stdio: ["ignore", "ignore", "pipe"] });
  return { cert, key };
}
