/**
 * Carries arbitrary text through the PMI key-value space, whose values may only hold printable
 * ASCII without space, `=`, `\` or `;`: base64url (RFC 4648 §5, no padding) of the UTF-8 bytes.
 * Its alphabet `A-Z a-z 0-9 - _` is safe on every PMI wire protocol. The encoded form is
 * ceil(4n/3) bytes long for n UTF-8 bytes, so the 674-byte values a PmiClient allows under
 * Hydra or Slurm hold 505 bytes of text ({@link maxEncodedTextBytes}).
 */

/** Encodes any string (JSON, addresses with spaces...) into a PMI-safe value. */
export function encodeValue(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** Decodes a value made by {@link encodeValue}; throws if `value` is not base64url. */
export function decodeValue(value: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(value) || value.length % 4 === 1) {
    throw new Error(`PMI: value ${JSON.stringify(value.slice(0, 60))} is not base64url (was it made by encodeValue()?)`);
  }
  return Buffer.from(value, "base64url").toString("utf8");
}

/** The longest text (in UTF-8 bytes) whose encoded form fits in `vallenMax` bytes. */
export function maxEncodedTextBytes(vallenMax: number): number {
  return Math.floor((vallenMax * 3) / 4);
}
