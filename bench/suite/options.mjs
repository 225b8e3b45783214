// The one option parser of the benchmark suite: which benchmarks, modes, sizes, rank counts and
// repeats, --quick, and where the results go. The driver (run.mjs), the start-up benchmark
// (startup.mjs), bench/browser.mjs and bench/c-programs.mjs take the same options (the scripts add
// their own), so a user learns them once.
import path from "node:path";
import { parseSize } from "../stats.mjs";

/** The options every suite command knows, for --help. */
export const OPTION_HELP = `  --bench LIST           benchmarks to run (default: all of them)
  --modes LIST           series to keep, e.g. mpich,buffer,alloc,wmpi-thread (default: all)
  --sizes LIST           message sizes in bytes, e.g. 0,8,4K,1M (default: each benchmark's own)
  --ranks LIST           rank counts, e.g. 2,4 (default: each benchmark's own)
  --repeats N            interleaved rounds; figures are medians over them (default: each benchmark's own)
  --quick                a short, noisier run for a first look
  --full                 each benchmark's own full plan (about half an hour for all); the
                         default is the suite's plan, under 10 minutes for all on 2 cores
  --max-foreign-load X   rerun a job during which other processes used more than X cores
  --out DIR              where results go (default bench/out/<date>/)
  -h, --help             this text`;

/** "a,b,,c" -> ["a","b","c"]; an empty list is an error, since it would silently select nothing. */
function list(name, text) {
  const xs = text.split(",").map((x) => x.trim()).filter(Boolean);
  if (xs.length === 0) throw new Error(`${name} needs at least one value`);
  return xs;
}

/** A whole number >= 1 from an option's text; throws naming the option otherwise. */
export function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a positive integer, not "${text}"`);
  return n;
}

/** A directory name for this run: bench/out/2026-11-29_0105 (UTC), sortable. */
export function defaultOutDir(root, now = new Date()) {
  const stamp = now.toISOString().slice(0, 16).replace("T", "_").replace(":", "");
  return path.join(root, "bench", "out", stamp);
}

/**
 * Parses argv (without node and the script). `benches` is the list of known benchmark names:
 * --bench must name only these. Unset options stay undefined so that each benchmark keeps its own
 * default; --out defaults to `defaultOut`, else bench/out/<date>/ under `root`.
 * A benchmark script that takes these options adds its own with `extra` ({ "--json": (value, o) =>
 * ... }, each taking a value) and refuses the common ones that mean nothing to it with
 * `unsupported` (["--ranks"]), so that a user is told instead of ignored.
 * Throws an Error whose message says which option is wrong.
 */
export function parseSuiteOptions(argv, { benches, root, defaultOut, extra = {}, unsupported = [] }) {
  const o = { bench: [...benches], modes: undefined, sizes: undefined, ranks: undefined, repeats: undefined, quick: false, full: false, maxForeign: undefined, out: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const eq = flag.indexOf("=");
    const [name, inline] = flag.startsWith("--") && eq > 0 ? [flag.slice(0, eq), flag.slice(eq + 1)] : [flag, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new Error(`${name} needs a value`);
      return argv[++i];
    };
    if (unsupported.includes(name)) throw new Error(`${name} does not apply to this benchmark`);
    if (Object.hasOwn(extra, name)) {
      extra[name](value(), o);
      continue;
    }
    switch (name) {
      case "-h":
      case "--help":
        o.help = true;
        break;
      case "--quick":
        o.quick = true;
        break;
      case "--full":
        o.full = true;
        break;
      case "--bench": {
        const xs = list(name, value());
        const unknown = xs.filter((b) => !benches.includes(b));
        if (unknown.length) throw new Error(`--bench: unknown ${unknown.join(", ")} (known: ${benches.join(", ")})`);
        o.bench = xs;
        break;
      }
      case "--modes":
        o.modes = list(name, value());
        break;
      case "--sizes":
        o.sizes = list(name, value()).map(parseSize);
        break;
      case "--ranks":
        o.ranks = list(name, value()).map((x) => positiveInt(name, x));
        break;
      case "--repeats":
        o.repeats = positiveInt(name, value());
        break;
      case "--max-foreign-load": {
        const x = Number(value());
        if (!(x >= 0)) throw new Error(`${name} takes a number of cores >= 0`);
        o.maxForeign = x;
        break;
      }
      case "--out":
        o.out = path.resolve(value());
        break;
      default:
        throw new Error(`unknown option ${flag} (--help lists them)`);
    }
  }
  if (o.quick && o.full) throw new Error("--quick and --full exclude each other");
  o.out ??= defaultOut ?? defaultOutDir(root);
  return o;
}
