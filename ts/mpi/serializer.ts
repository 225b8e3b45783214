/**
 * The default object serializer behind lowercase `send`/`recv`/`bcast`, like mpi4py's pickle.
 * Pure TypeScript without Node-only APIs, so it runs in browsers too.
 *
 * Wire format (integers little-endian; "uint" is an unsigned LEB128 varint of up to 8 bytes):
 *
 *   header   0xB7 (magic), 0x01 (version), u32 header length H, one value, zero padding to a
 *            multiple of 8 when payloads follow
 *   payloads the raw bytes of every ArrayBuffer, SharedArrayBuffer, typed array and DataView, in
 *            the order the values appear in the header, each starting at the next multiple of 8
 *            after the end of the previous part; the message ends with the last payload's byte
 *
 * A value is a tag byte and its fields. Tags 0x00-0x7f are the integers 0-127 themselves; the
 * others are listed in `Tag`. Strings are ASCII or UTF-8 with a uint byte length, or UTF-16LE
 * code units when the string has a lone surrogate (which UTF-8 cannot carry). Every object gets an
 * id in visiting order, and a later occurrence of the same object is written as `Ref id`: that is
 * what keeps shared references and cycles intact.
 *
 * Deliberate differences from structuredClone: arrays are written densely (holes come back as
 * undefined, the length is kept; extra non-index properties of arrays are dropped), a
 * SharedArrayBuffer comes back as an ArrayBuffer, custom Error names are kept, and typed arrays
 * that share one buffer come back with separate copies of their own bytes (the same view object
 * seen twice still comes back as one object).
 */

/** A pluggable object serializer, like mpi4py's MPI.pickle. */
export interface Serializer {
  /** Encodes a value; may return one buffer or a list of chunks whose concatenation is the message. */
  dumps(obj: unknown): Uint8Array | Uint8Array[];
  /** Decodes a message. `buf` may be a view into memory that is reused after the call returns: copy whatever you keep. */
  loads(buf: Uint8Array): unknown;
}

const MAGIC = 0xb7;
const VERSION = 1;
/** Magic, version and the u32 header length. */
const PREFIX = 6;
const INITIAL_SCRATCH = 4096;
/** Up to this many objects a linear search finds repeats faster than a Map (and clearing it). */
const LINEAR_IDS = 16;
/** A scratch buffer grown past this by one huge message is dropped so it is not held forever. */
const MAX_KEPT_SCRATCH = 1 << 20;
/** Strings up to this length are encoded by hand: 3 bytes per UTF-16 unit still fit a 1-byte length. */
const SHORT_ENCODE = 42;
/** ASCII strings up to this length are decoded by hand, below the fixed cost of TextDecoder. */
const SHORT_DECODE = 24;

const enum Tag {
  Undefined = 0x80,
  Null,
  False,
  True,
  /** A safe integer > 127, as a uint. */
  Uint,
  /** A negative safe integer, as the uint of its absolute value. */
  NegInt,
  Float64,
  BigInt64,
  /** A bigint outside int64, as a uint byte count and the big-endian magnitude. */
  BigPos,
  BigNeg,
  Ascii,
  Utf8,
  /** A uint count of UTF-16 code units and 2 bytes each. */
  Utf16,
  /** A uint length and that many values. */
  Array,
  /** A uint count and that many (string key, value) pairs. */
  Object,
  Map,
  Set,
  /** The time value as a float64. */
  Date,
  /** Source and flags as strings. */
  RegExp,
  /** A flags byte (ErrorField), the name string, then the fields the flags announce. */
  Error,
  /** Wrapper objects: a 0/1 byte, a float64, a string value, a bigint value. */
  BooleanObject,
  NumberObject,
  StringObject,
  BigIntObject,
  /** A uint byte length; the bytes are the next payload. */
  ArrayBuffer,
  /** A kind byte (index in VIEW_NAMES), a uint byte length; the bytes are the next payload. */
  View,
  /** A uint id of an object seen before. */
  Ref,
}

const enum ErrorField {
  Message = 1,
  Stack = 2,
  Cause = 4,
  Errors = 8,
}

type ViewCtor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;

/** The wire numbering of view kinds: append only. Float16Array is used where the host has it. */
const VIEW_NAMES = [
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView",
  "Float16Array",
] as const;
const VIEW_CTORS = VIEW_NAMES.map((name) => (globalThis as Record<string, unknown>)[name] as ViewCtor | undefined);
const VIEW_KIND = new Map<string, number>(VIEW_NAMES.map((name, kind) => [name, kind]));
/** %TypedArray%.prototype[@@toStringTag] names the kind of any typed array, subclasses included. */
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag,
)!.get as (this: ArrayBufferView) => string | undefined;

const ERROR_CTORS = new Map<string, ErrorConstructor>([
  ["Error", Error], ["EvalError", EvalError], ["RangeError", RangeError],
  ["ReferenceError", ReferenceError], ["SyntaxError", SyntaxError], ["TypeError", TypeError],
  ["URIError", URIError], ["AggregateError", AggregateError as unknown as ErrorConstructor],
]);

/** Objects with internal state that cannot travel; structuredClone refuses them too. */
const UNCLONEABLE: [Function, string][] = [
  [WeakMap, "WeakMap"], [WeakSet, "WeakSet"], [WeakRef, "WeakRef"],
  [FinalizationRegistry, "FinalizationRegistry"], [Promise, "Promise"],
];

const PAD = new Uint8Array(8);
const EMPTY = new Uint8Array(0);
const KEY_CACHE_SIZE = 4096;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined);
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
const utf8Encoder = new TextEncoder();
// ignoreBOM: a string that starts with U+FEFF must keep it.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Arithmetic rather than `& ~7`, which would wrap past 2 GiB. */
const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** `what` names the value with its article: "a function", "a WeakMap". */
function unsupported(what: string): TypeError {
  return new TypeError(`wmpi serializer: ${what} could not be serialized (it is not structured-cloneable)`);
}

/** The value of one lowercase hex digit. */
function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}

class Encoder {
  /** Set while a dumps runs, so that a getter calling dumps gets its own encoder. */
  busy = false;
  private buf: Uint8Array = new Uint8Array(INITIAL_SCRATCH);
  private view: DataView = new DataView(this.buf.buffer);
  private pos = 0;
  /** The objects met so far; an object's index is its id. */
  private seen: unknown[] = [];
  private nSeen = 0;
  /** Ids by object, built once a message has too many objects for a linear search of `seen`. */
  private index: Map<unknown, number> | undefined;
  private readonly payloads: Uint8Array[] = [];

  dumps(obj: unknown): Uint8Array | Uint8Array[] {
    this.busy = true;
    try {
      this.buf[0] = MAGIC;
      this.buf[1] = VERSION;
      this.pos = PREFIX;
      this.value(obj);
      const headerLength = this.pos;
      this.view.setUint32(2, headerLength, true);
      return this.payloads.length === 0 ? this.buf.subarray(0, headerLength) : this.chunks(headerLength);
    } finally {
      this.forget();
      if (this.buf.length > MAX_KEPT_SCRATCH) this.reset(new Uint8Array(INITIAL_SCRATCH));
      this.busy = false;
    }
  }

  /** Drops every reference to the caller's objects, as cheaply as a small message allows. */
  private forget(): void {
    if (this.nSeen > LINEAR_IDS) this.seen = [];
    else for (let i = 0; i < this.nSeen; i++) this.seen[i] = undefined;
    this.nSeen = 0;
    this.index = undefined;
    // Assigning length costs a runtime call even when it changes nothing.
    if (this.payloads.length > 0) this.payloads.length = 0;
  }

  /** The id of an object already written, else -1. */
  private idOf(o: object): number {
    if (this.index !== undefined) return this.index.get(o) ?? -1;
    for (let i = 0; i < this.nSeen; i++) if (this.seen[i] === o) return i;
    return -1;
  }

  private remember(o: object): void {
    const id = this.nSeen++;
    this.seen[id] = o;
    if (this.index !== undefined) this.index.set(o, id);
    else if (id === LINEAR_IDS) this.index = new Map(this.seen.slice(0, id + 1).map((x, i) => [x, i]));
  }

  private chunks(headerLength: number): Uint8Array[] {
    let total = align8(headerLength);
    this.ensure(8);
    this.buf.fill(0, headerLength, total);
    const out = [this.buf.subarray(0, total)];
    for (const payload of this.payloads) {
      const start = align8(total);
      if (start > total) out.push(PAD.subarray(0, start - total));
      if (payload.byteLength > 0) out.push(payload);
      total = start + payload.byteLength;
    }
    return out;
  }

  private reset(buf: Uint8Array): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.pos + n) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, this.pos));
      this.reset(grown);
    }
  }

  /** Every value writes at most 16 bytes before its children, which ensure their own room. */
  private value(v: unknown): void {
    this.ensure(16);
    switch (typeof v) {
      case "number":
        return this.number(v);
      case "string":
        return this.string(v);
      case "object":
        if (v === null) this.buf[this.pos++] = Tag.Null;
        else this.object(v);
        return;
      case "boolean":
        this.buf[this.pos++] = v ? Tag.True : Tag.False;
        return;
      case "undefined":
        this.buf[this.pos++] = Tag.Undefined;
        return;
      case "bigint":
        return this.bigint(v);
      default:
        throw unsupported(`a ${typeof v}`);
    }
  }

  private uint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  private number(v: number): void {
    // `1 / v > 0` tells 0 from -0, which every integer test below would let through.
    if ((v & 0x7f) === v && (v !== 0 || 1 / v > 0)) {
      this.buf[this.pos++] = v;
    } else if (v !== 0 && Number.isSafeInteger(v)) {
      this.buf[this.pos++] = v > 0 ? Tag.Uint : Tag.NegInt;
      this.uint(Math.abs(v));
    } else {
      this.buf[this.pos++] = Tag.Float64;
      this.view.setFloat64(this.pos, v, true);
      this.pos += 8;
    }
  }

  private bigint(v: bigint): void {
    if (BigInt.asIntN(64, v) === v) {
      this.buf[this.pos++] = Tag.BigInt64;
      this.view.setBigInt64(this.pos, v, true);
      this.pos += 8;
      return;
    }
    // toString(16) is linear in V8, unlike peeling bytes off with >> 8n.
    let hex = (v < 0n ? -v : v).toString(16);
    if (hex.length & 1) hex = "0" + hex;
    const n = hex.length >> 1;
    this.ensure(10 + n);
    this.buf[this.pos++] = v < 0n ? Tag.BigNeg : Tag.BigPos;
    this.uint(n);
    for (let i = 0; i < hex.length; i += 2) {
      this.buf[this.pos++] = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1));
    }
  }

  private string(s: string): void {
    const n = s.length;
    if (n > SHORT_ENCODE) return this.longString(s);
    this.ensure(2 + 3 * n);
    const buf = this.buf;
    const start = this.pos;
    let p = start + 2;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const low = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (low < 0xdc00 || low > 0xdfff) return this.utf16(s);
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        buf[p++] = 0xf0 | (c >> 18);
        buf[p++] = 0x80 | ((c >> 12) & 0x3f);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    const written = p - start - 2;
    buf[start] = written === n ? Tag.Ascii : Tag.Utf8;
    buf[start + 1] = written;
    this.pos = p;
  }

  private longString(s: string): void {
    if (!isWellFormed(s)) return this.utf16(s);
    // The byte length is known only after encodeInto, so it goes in a 5-byte varint slot reserved
    // up front (LEB128 allows the zero-padded form) instead of moving the bytes afterwards.
    this.ensure(6 + 3 * s.length);
    const written = utf8Encoder.encodeInto(s, this.buf.subarray(this.pos + 6)).written;
    const buf = this.buf;
    buf[this.pos++] = written === s.length ? Tag.Ascii : Tag.Utf8;
    for (let i = 0, n = written; i < 5; i++, n = Math.floor(n / 0x80)) {
      buf[this.pos++] = (n & 0x7f) | (i < 4 ? 0x80 : 0);
    }
    this.pos += written;
  }

  private utf16(s: string): void {
    this.ensure(10 + 2 * s.length);
    this.buf[this.pos++] = Tag.Utf16;
    this.uint(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.buf[this.pos++] = c & 0xff;
      this.buf[this.pos++] = c >> 8;
    }
  }

  private object(o: object): void {
    const id = this.idOf(o);
    if (id >= 0) {
      this.buf[this.pos++] = Tag.Ref;
      this.uint(id);
      return;
    }
    this.remember(o);
    const proto = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) this.plain(o);
    else if (proto === Array.prototype) this.array(o as unknown[]);
    else this.special(o);
  }

  private plain(o: object): void {
    const keys = Object.keys(o);
    this.buf[this.pos++] = Tag.Object;
    this.uint(keys.length);
    for (const key of keys) {
      this.string(key);
      this.value((o as Record<string, unknown>)[key]);
    }
  }

  private array(a: unknown[]): void {
    // Read the length once: a getter met on the way could grow the array past the count written.
    const n = a.length;
    this.buf[this.pos++] = Tag.Array;
    this.uint(n);
    for (let i = 0; i < n; i++) this.value(a[i]);
  }

  /** Everything but plain objects and arrays; rare enough for a chain of instanceof tests. */
  private special(o: object): void {
    if (Array.isArray(o)) return this.array(o);
    if (ArrayBuffer.isView(o)) return this.arrayBufferView(o);
    if (o instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && o instanceof SharedArrayBuffer)) {
      this.buf[this.pos++] = Tag.ArrayBuffer;
      return this.payload(new Uint8Array(o));
    }
    if (o instanceof Date) {
      this.buf[this.pos++] = Tag.Date;
      this.view.setFloat64(this.pos, o.getTime(), true);
      this.pos += 8;
      return;
    }
    if (o instanceof RegExp) {
      this.buf[this.pos++] = Tag.RegExp;
      this.string(o.source);
      return this.string(o.flags);
    }
    if (o instanceof Map) {
      this.buf[this.pos++] = Tag.Map;
      this.uint(o.size);
      // A snapshot, so that a getter met on the way cannot change the count written.
      for (const [k, v] of [...o]) {
        this.value(k);
        this.value(v);
      }
      return;
    }
    if (o instanceof Set) {
      this.buf[this.pos++] = Tag.Set;
      this.uint(o.size);
      for (const v of [...o]) this.value(v);
      return;
    }
    if (o instanceof Error) return this.error(o);
    if (o instanceof Boolean) {
      this.buf[this.pos++] = Tag.BooleanObject;
      this.buf[this.pos++] = o.valueOf() ? 1 : 0;
      return;
    }
    if (o instanceof Number) {
      this.buf[this.pos++] = Tag.NumberObject;
      this.view.setFloat64(this.pos, o.valueOf(), true);
      this.pos += 8;
      return;
    }
    if (o instanceof String) {
      this.buf[this.pos++] = Tag.StringObject;
      return this.string(o.valueOf());
    }
    if (o instanceof BigInt) {
      this.buf[this.pos++] = Tag.BigIntObject;
      return this.bigint(o.valueOf());
    }
    for (const [ctor, name] of UNCLONEABLE) if (o instanceof ctor) throw unsupported(`a ${name}`);
    // Class instances travel as their own enumerable properties, as with structuredClone.
    this.plain(o);
  }

  private arrayBufferView(v: ArrayBufferView): void {
    const name = typedArrayName.call(v) ?? (v instanceof DataView ? "DataView" : "");
    const kind = VIEW_KIND.get(name);
    if (kind === undefined) throw unsupported(name ? `a ${name}` : "an ArrayBufferView of unknown kind");
    this.buf[this.pos++] = Tag.View;
    this.buf[this.pos++] = kind;
    this.payload(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }

  /** Records the bytes by reference (no copy) and writes their length in the header. */
  private payload(bytes: Uint8Array): void {
    this.uint(bytes.byteLength);
    this.payloads.push(bytes);
  }

  private error(e: Error): void {
    const stack = e.stack;
    const flags =
      (Object.hasOwn(e, "message") ? ErrorField.Message : 0) |
      (typeof stack === "string" ? ErrorField.Stack : 0) |
      (Object.hasOwn(e, "cause") ? ErrorField.Cause : 0) |
      (Object.hasOwn(e, "errors") ? ErrorField.Errors : 0);
    this.buf[this.pos++] = Tag.Error;
    this.buf[this.pos++] = flags;
    this.string(String(e.name));
    if (flags & ErrorField.Message) this.string(String(e.message));
    if (flags & ErrorField.Stack) this.string(stack as string);
    if (flags & ErrorField.Cause) this.value((e as { cause?: unknown }).cause);
    if (flags & ErrorField.Errors) this.value((e as { errors?: unknown }).errors);
  }
}

class Decoder {
  private buf: Uint8Array = EMPTY;
  private view: DataView | undefined;
  private pos = 0;
  /** End of the header. */
  private end = 0;
  /** End of the last payload read, or of the header before the first. */
  private payloadEnd = 0;
  /** The objects decoded so far; an object's index is its id. */
  private objects: unknown[] = [];
  private nObjects = 0;

  loads(buf: Uint8Array): unknown {
    if (!(buf instanceof Uint8Array)) throw new TypeError("wmpi serializer: loads expects a Uint8Array");
    // A subclass such as Node's Buffer overrides slice to return a view, which would alias memory
    // the caller reuses.
    if (buf.constructor !== Uint8Array) buf = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    if (buf.length < PREFIX) throw new RangeError(`wmpi serializer: truncated message (${buf.length} bytes)`);
    if (buf[0] !== MAGIC) {
      throw new TypeError(`wmpi serializer: not a serialized message (first byte 0x${HEX[buf[0]]}, expected 0x${HEX[MAGIC]})`);
    }
    if (buf[1] !== VERSION) throw new TypeError(`wmpi serializer: unsupported format version ${buf[1]}`);
    const headerLength = (buf[2] | (buf[3] << 8) | (buf[4] << 16) | (buf[5] << 24)) >>> 0;
    if (headerLength > buf.length) {
      throw new RangeError(`wmpi serializer: truncated message (header of ${headerLength} bytes in ${buf.length})`);
    }
    if (headerLength <= PREFIX) throw new TypeError(`wmpi serializer: malformed message (header of ${headerLength} bytes)`);
    this.buf = buf;
    this.pos = PREFIX;
    this.end = headerLength;
    this.payloadEnd = headerLength;
    try {
      const value = this.value();
      if (this.pos !== headerLength) {
        throw new TypeError(`wmpi serializer: malformed message (${headerLength - this.pos} stray header bytes)`);
      }
      if (this.payloadEnd !== buf.length) {
        throw new TypeError(`wmpi serializer: malformed message (${buf.length - this.payloadEnd} bytes after the last payload)`);
      }
      return value;
    } finally {
      if (this.nObjects > LINEAR_IDS) this.objects = [];
      else for (let i = 0; i < this.nObjects; i++) this.objects[i] = undefined;
      this.nObjects = 0;
      this.buf = EMPTY;
      this.view = undefined;
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.end) {
      throw new RangeError(`wmpi serializer: truncated message (${n} bytes needed at offset ${this.pos}, header ends at ${this.end})`);
    }
  }

  private dataView(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  private uint(): number {
    let b = this.byte();
    if (b < 0x80) return b;
    let n = b & 0x7f;
    for (let scale = 0x80, i = 1; ; i++, scale *= 0x80) {
      if (i === 8) throw new TypeError(`wmpi serializer: malformed message (varint too long at offset ${this.pos})`);
      b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
    }
  }

  /** A count of items that take at least `size` header bytes each, checked so that garbage cannot make us allocate wildly. */
  private count(size: number): number {
    const n = this.uint();
    this.need(n * size);
    return n;
  }

  private float64(): number {
    this.need(8);
    const v = this.dataView().getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  private value(): unknown {
    const tag = this.byte();
    if (tag < 0x80) return tag;
    switch (tag) {
      case Tag.Undefined: return undefined;
      case Tag.Null: return null;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Uint: return this.uint();
      case Tag.NegInt: return -this.uint();
      case Tag.Float64: return this.float64();
      case Tag.BigInt64:
      case Tag.BigPos:
      case Tag.BigNeg: return this.bigint(tag);
      case Tag.Ascii:
      case Tag.Utf8:
      case Tag.Utf16: return this.string(tag);
      case Tag.Array: {
        const n = this.count(1);
        const a: unknown[] = [];
        this.register(a);
        for (let i = 0; i < n; i++) a.push(this.value());
        return a;
      }
      case Tag.Object: {
        const n = this.count(2);
        const o: Record<string, unknown> = {};
        this.register(o);
        for (let i = 0; i < n; i++) {
          const key = this.key();
          const v = this.value();
          // Assigning "__proto__" would set the prototype instead of creating the property.
          if (key === "__proto__") Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
          else o[key] = v;
        }
        return o;
      }
      case Tag.Map: {
        const n = this.count(2);
        const m = new Map<unknown, unknown>();
        this.register(m);
        for (let i = 0; i < n; i++) {
          const k = this.value();
          m.set(k, this.value());
        }
        return m;
      }
      case Tag.Set: {
        const n = this.count(1);
        const s = new Set<unknown>();
        this.register(s);
        for (let i = 0; i < n; i++) s.add(this.value());
        return s;
      }
      case Tag.Date: return this.register(new Date(this.float64()));
      case Tag.RegExp: {
        const source = this.key();
        const flags = this.key();
        try {
          return this.register(new RegExp(source, flags));
        } catch (e) {
          throw new TypeError(`wmpi serializer: malformed message (bad RegExp /${source}/${flags})`, { cause: e });
        }
      }
      case Tag.Error: return this.error();
      case Tag.BooleanObject: return this.register(new Boolean(this.byte() !== 0));
      case Tag.NumberObject: return this.register(new Number(this.float64()));
      case Tag.StringObject: return this.register(new String(this.key()));
      case Tag.BigIntObject: return this.register(Object(this.bigint(this.byte())));
      case Tag.ArrayBuffer: return this.register(this.payload().buffer);
      case Tag.View: return this.register(this.arrayBufferView());
      case Tag.Ref: {
        const id = this.uint();
        if (id >= this.nObjects) {
          throw new TypeError(`wmpi serializer: malformed message (reference to object ${id} of ${this.nObjects})`);
        }
        return this.objects[id];
      }
      default:
        throw new TypeError(`wmpi serializer: malformed message (unknown tag 0x${HEX[tag]} at offset ${this.pos - 1})`);
    }
  }

  private register<T>(o: T): T {
    this.objects[this.nObjects++] = o;
    return o;
  }

  /** A string whose tag is next in the header (object keys, names, sources). */
  private key(): string {
    const tag = this.byte();
    if (tag !== Tag.Ascii && tag !== Tag.Utf8 && tag !== Tag.Utf16) {
      throw new TypeError(`wmpi serializer: malformed message (expected a string at offset ${this.pos - 1})`);
    }
    return this.string(tag, true);
  }

  /** Decodes a string; `repeats` asks to go through the cache of recent short ASCII strings. */
  private string(tag: number, repeats = false): string {
    if (tag === Tag.Utf16) {
      const n = this.count(2);
      const buf = this.buf;
      let s = "";
      for (let i = 0; i < n; i++, this.pos += 2) s += String.fromCharCode(buf[this.pos] | (buf[this.pos + 1] << 8));
      return s;
    }
    const n = this.count(1);
    const start = this.pos;
    this.pos += n;
    if (tag === Tag.Ascii && n <= SHORT_DECODE) {
      return repeats ? this.cachedAscii(start, n) : ascii(this.buf, start, this.pos);
    }
    const bytes = this.buf.subarray(start, this.pos);
    // TextDecoder refuses views of a SharedArrayBuffer (such as threaded wasm memory).
    const shared = typeof SharedArrayBuffer === "function" && bytes.buffer instanceof SharedArrayBuffer;
    return utf8Decoder.decode(shared ? bytes.slice() : bytes);
  }

  /**
   * Object keys repeat from message to message. Handing V8 the very same string object each time
   * spares it from looking the new key up in its string table on every property store.
   */
  private cachedAscii(start: number, n: number): string {
    const buf = this.buf;
    let h = n;
    for (let i = start; i < start + n; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const slot = (h ^ (h >>> 15)) & (KEY_CACHE_SIZE - 1);
    const cached = keyCache[slot];
    if (cached !== undefined && cached.length === n) {
      let i = 0;
      while (i < n && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === n) return cached;
    }
    return (keyCache[slot] = ascii(buf, start, start + n));
  }

  private bigint(tag: number): bigint {
    if (tag === Tag.BigInt64) {
      this.need(8);
      const v = this.dataView().getBigInt64(this.pos, true);
      this.pos += 8;
      return v;
    }
    if (tag !== Tag.BigPos && tag !== Tag.BigNeg) {
      throw new TypeError(`wmpi serializer: malformed message (expected a bigint at offset ${this.pos - 1})`);
    }
    const n = this.count(1);
    if (n === 0) throw new TypeError(`wmpi serializer: malformed message (empty bigint at offset ${this.pos})`);
    const hex: string[] = [];
    for (let i = 0; i < n; i++) hex.push(HEX[this.buf[this.pos++]]);
    const magnitude = BigInt("0x" + hex.join(""));
    return tag === Tag.BigNeg ? -magnitude : magnitude;
  }

  /** A fresh, 8-aligned copy of the next payload. */
  private payload(): Uint8Array<ArrayBuffer> {
    const n = this.uint();
    const start = align8(this.payloadEnd);
    if (start + n > this.buf.length) {
      throw new RangeError(`wmpi serializer: truncated message (payload of ${n} bytes at offset ${start} in ${this.buf.length})`);
    }
    this.payloadEnd = start + n;
    return Uint8Array.prototype.slice.call(this.buf, start, start + n) as Uint8Array<ArrayBuffer>;
  }

  private arrayBufferView(): ArrayBufferView {
    const kind = this.byte();
    const Ctor = VIEW_CTORS[kind];
    if (Ctor === undefined) {
      throw new TypeError(`wmpi serializer: ${VIEW_NAMES[kind] ?? `view kind ${kind}`} is not supported here`);
    }
    const bytes = this.payload();
    const size = (Ctor as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    if (bytes.length % size !== 0) {
      throw new TypeError(`wmpi serializer: malformed message (${bytes.length} bytes for a ${VIEW_NAMES[kind]})`);
    }
    return new Ctor(bytes.buffer, 0, bytes.length / size);
  }

  private error(): Error {
    const flags = this.byte();
    const name = this.key();
    const message = flags & ErrorField.Message ? this.key() : undefined;
    const stack = flags & ErrorField.Stack ? this.key() : undefined;
    const Ctor = ERROR_CTORS.get(name) ?? Error;
    const e = Ctor === (AggregateError as unknown) ? new AggregateError([]) : new Ctor();
    if (name !== Ctor.prototype.name) hide(e, "name", name);
    if (message !== undefined) hide(e, "message", message);
    if (stack !== undefined) hide(e, "stack", stack);
    else delete e.stack;
    this.register(e);
    if (flags & ErrorField.Cause) hide(e, "cause", this.value());
    if (flags & ErrorField.Errors) hide(e, "errors", this.value());
    return e;
  }
}

/** Short ASCII bytes as a string; passing 8 codes per call beats one per call and TextDecoder's fixed cost. */
function ascii(buf: Uint8Array, start: number, end: number): string {
  const chars = String.fromCharCode;
  let s = "";
  let i = start;
  for (; i + 8 <= end; i += 8) {
    s += chars(buf[i], buf[i + 1], buf[i + 2], buf[i + 3], buf[i + 4], buf[i + 5], buf[i + 6], buf[i + 7]);
  }
  for (; i + 2 <= end; i += 2) s += chars(buf[i], buf[i + 1]);
  return i < end ? s + chars(buf[i]) : s;
}

/** Defines a property the way Error defines its own: writable, configurable, not enumerable. */
function hide(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: false, configurable: true });
}

const sharedEncoder = new Encoder();
const decoder = new Decoder();

/** The default serializer: every structured-cloneable value, typed arrays out-of-band. */
export const defaultSerializer: Serializer = {
  /**
   * Returns one buffer, or `[header, ...]` followed by views onto the caller's own typed array and
   * ArrayBuffer bytes (never copied) and small zero pads that keep each of them 8-aligned.
   * The header is a view into a scratch buffer reused by the next call: consume the chunks (copy
   * them out) before calling dumps again, and do not change the sent arrays until then.
   * Throws a TypeError naming the value that is not structured-cloneable.
   */
  dumps(obj) {
    return (sharedEncoder.busy ? new Encoder() : sharedEncoder).dumps(obj);
  },
  /**
   * Decodes a message made by dumps. Every payload is copied, so the result never aliases `buf`.
   * Throws a TypeError (wrong or malformed message) or RangeError (truncated message).
   */
  loads(buf) {
    return decoder.loads(buf);
  },
};
