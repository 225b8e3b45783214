import { isIP } from "node:net";

/**
 * A parsed link address:
 * - `unix:/path` — a Unix domain socket;
 * - `tcp:HOST:PORT` — TCP (TLS when the caller passes TLS options); `tls:HOST:PORT` is TCP
 *   that always uses TLS; an IPv6 HOST is written in brackets (`tcp:[::1]:5000`);
 * - `ws://HOST:PORT[/path]`, `wss://HOST:PORT[/path]` — WebSocket, plain or over TLS
 *   (PORT defaults to 80/443).
 * PORT 0 asks a listener for any free port.
 */
export type Endpoint =
  | { kind: "unix"; path: string }
  | { kind: "tcp"; host: string; port: number; tls: boolean }
  | { kind: "ws"; host: string; port: number; secure: boolean; path: string };

function parsePort(text: string, address: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new Error(`bad port "${text}" in address "${address}"`);
  return Number(text);
}

/** Parses an address; throws an Error naming the address when it is not one of the forms above. */
export function parseAddress(address: string): Endpoint {
  if (address.startsWith("unix:")) {
    const path = address.slice(5);
    if (path === "") throw new Error(`empty socket path in address "${address}"`);
    return { kind: "unix", path };
  }
  const tcp = /^(tcp|tls):(?:\[([^\]]+)\]|([^:[\]]+)):([^:]+)$/.exec(address);
  if (tcp) {
    const host = tcp[2] ?? tcp[3]!;
    if (tcp[2] !== undefined && isIP(host) !== 6) throw new Error(`bracketed host "${host}" in address "${address}" is not an IPv6 address`);
    return { kind: "tcp", host, port: parsePort(tcp[4]!, address), tls: tcp[1] === "tls" };
  }
  if (address.startsWith("ws://") || address.startsWith("wss://")) {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new Error(`bad WebSocket URL "${address}"`);
    }
    const secure = url.protocol === "wss:";
    // URL drops a port equal to the scheme's default (80/443)
    const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    return { kind: "ws", host, port, secure, path: url.pathname || "/" };
  }
  throw new Error(`unsupported address "${address}" (expected unix:/path, tcp:HOST:PORT, tls:HOST:PORT, ws://HOST:PORT or wss://HOST:PORT)`);
}

/** A host as it appears in an address: IPv6 in brackets. */
export function hostPart(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** Formats an endpoint back into its address form. */
export function formatAddress(e: Endpoint): string {
  switch (e.kind) {
    case "unix":
      return `unix:${e.path}`;
    case "tcp":
      return `${e.tls ? "tls" : "tcp"}:${hostPart(e.host)}:${e.port}`;
    case "ws":
      return `${e.secure ? "wss" : "ws"}://${hostPart(e.host)}:${e.port}${e.path === "/" ? "" : e.path}`;
  }
}
