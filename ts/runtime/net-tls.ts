/**
 * TLS between a job's processes: the certificate and key each process's
 * network thread listens with, and the CA it trusts when it connects to the
 * others, from the environment (set by `wmpiexec --tls-cert/--tls-key/--tls-ca`
 * or by the user under a process manager).
 */
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import type { Env } from "./job.js";

/** The environment variables that turn TLS on; each holds the path of a PEM file. */
export const TLS_ENV = {
  /** the certificate this process's listener presents */
  TLS_CERT: "WMPI_TLS_CERT",
  /** the private key of that certificate */
  TLS_KEY: "WMPI_TLS_KEY",
  /** the CA (or self-signed certificate) to trust when connecting; default: the system's CAs */
  TLS_CA: "WMPI_TLS_CA",
} as const;

/** PEM text a network thread uses: cert and key to listen with, ca to trust when connecting. */
export interface NetTls {
  cert: string;
  key: string;
  /** absent: Node's default CAs */
  ca?: string;
}

function readPem(name: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`${name}: cannot read ${file}: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * The TLS settings of this process, or undefined when none of the variables is set. Throws an
 * Error naming the variable when one is set without the others it needs, when a file cannot
 * be read, when the certificate and key do not form a usable pair, or when the transport
 * cannot carry TLS (Unix sockets).
 */
export function tlsFromEnv(env: Env, transport: string): NetTls | undefined {
  const certFile = env[TLS_ENV.TLS_CERT];
  const keyFile = env[TLS_ENV.TLS_KEY];
  const caFile = env[TLS_ENV.TLS_CA];
  if (certFile === undefined && keyFile === undefined && caFile === undefined) return undefined;
  // every process listens as well as connects, so each needs a certificate and its key
  if (certFile === undefined || keyFile === undefined)
    throw new Error(`TLS needs both ${TLS_ENV.TLS_CERT} and ${TLS_ENV.TLS_KEY} (only ${[certFile && TLS_ENV.TLS_CERT, keyFile && TLS_ENV.TLS_KEY, caFile && TLS_ENV.TLS_CA].filter(Boolean).join(" and ")} set)`);
  if (transport !== "tcp" && transport !== "ws") throw new Error(`TLS is for WMPI_NET=tcp or ws, not "${transport}"`);
  const tls: NetTls = { cert: readPem(TLS_ENV.TLS_CERT, certFile), key: readPem(TLS_ENV.TLS_KEY, keyFile) };
  if (caFile !== undefined) tls.ca = readPem(TLS_ENV.TLS_CA, caFile);
  try {
    // fails here, naming the files, rather than later in the network thread
    createSecureContext(tls);
  } catch (e) {
    throw new Error(`TLS files ${certFile}, ${keyFile}${caFile ? `, ${caFile}` : ""} are not a usable certificate, key and CA: ${e instanceof Error ? e.message : e}`);
  }
  return tls;
}
