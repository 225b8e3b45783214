// The API reference is complete (issue 12): every public class, method, accessor and function of
// wmpi and wmpi/browser has a doc comment, and what docs/api.md promises of it. A method names the
// MPI function it maps to, describes each parameter, states the MPI errors it raises (@throws) and
// shows itself in an @example, which test/docs-types.test.ts type-checks. An accessor, the property
// form of a method, names its MPI function and links the method, whose errors and example apply.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { apiMembers } from "../scripts/docs/api-members.mjs";
// @ts-expect-error: a plain ES module without declarations
import { EXAMPLE_PRELUDE } from "../scripts/docs/doc-examples.mjs";

interface ApiMember {
  module: string;
  name: string;
  kind: "class" | "interface" | "method" | "accessor" | "property" | "function";
  inInterface: boolean;
  params: string[];
  summary: string;
  tags: Record<string, string[]>;
  at: string;
}

const root = path.resolve(import.meta.dirname, "..");
const members: ApiMember[] = apiMembers(root);

/**
 * Calls that cannot raise an MPI error, so carry no @throws: they read JS state (or the clock, the host's
 * name) and never reach the core's checks (Abort ends the job whatever its arguments). Anything else can (a freed
 * handle alone raises), and must say what.
 */
const CANNOT_RAISE = new Set([
  "Comm.Abort",
  "Comm.isNull", "Group.isNull", "Info.isNull", "Request.isNull", "Message.isNull", "Win.isNull", "File.isNull",
  "Exception.Get_error_class", "Exception.Get_error_code", "Exception.Get_error_string",
  "Status.Get_source", "Status.Set_source", "Status.Get_tag", "Status.Set_tag", "Status.Get_error", "Status.Set_error",
  "Status.Set_cancelled", "Status.Is_cancelled", "Datatype.toString", "Op.toString",
  "MPI.Is_initialized", "MPI.Is_finalized", "MPI.Is_thread_main", "MPI.Wtime", "MPI.Wtick",
  "MPI.Get_version", "MPI.Get_processor_name", "MPI.Get_library_version",
  "isolationProblem", "mapWmpiImports", "traceFile",
]);

/** An MPI function's name (MPI_Comm_rank), not a constant's (MPI_COMM_NULL). */
const MPI_FUNCTION = /\bMPI_[A-Z][a-z]\w*/;

const all = (m: ApiMember) => [m.summary, ...Object.values(m.tags).flat()].join("\n");
const documentedParams = (m: ApiMember) => new Set((m.tags.param ?? []).map((t) => t.trim().split(/\s/)[0]));

/** What is wrong with one member's comment; empty when nothing is. */
function problems(m: ApiMember): string[] {
  const p: string[] = [];
  if (!m.summary) p.push("no comment");
  // a data member, or a shape a program fills in or receives: a summary says it
  if (m.kind === "interface" || m.kind === "property" || m.inInterface) return p;
  const mpi = m.module === "wmpi";
  if (mpi && !MPI_FUNCTION.test(all(m)) && m.kind !== "class") p.push("no MPI function named");
  if (mpi && m.kind === "class" && !/\bMPI_[A-Z]\w*/.test(all(m))) p.push("no MPI object named");
  if (m.kind === "accessor") {
    if (!/\{@link\s+[\w.]+\}/.test(m.summary) && !m.tags.example) p.push("neither links its method nor has an @example");
    return p;
  }
  if (m.kind === "class") return p;
  if (!m.tags.example) p.push("no @example");
  if (CANNOT_RAISE.has(m.name)) {
    if (m.tags.throws) p.push("@throws, but listed in CANNOT_RAISE");
  } else if (!m.tags.throws) p.push("no @throws");
  const documented = documentedParams(m);
  const missing = m.params.filter((n) => !documented.has(n));
  if (missing.length) p.push(`no @param for ${missing.join(", ")}`);
  const stale = [...documented].filter((n) => !m.params.includes(n));
  if (stale.length) p.push(`@param for no parameter: ${stale.join(", ")}`);
  return p;
}

describe("the API reference", () => {
  it("lists the public API (the checker sees what TypeDoc shows)", () => {
    const names = new Set(members.map((m) => m.name));
    for (const n of ["Comm.Send", "Comm.Bcast", "Comm.bcast", "Comm.rank", "Intracomm.Create_cart", "Intercomm.Merge", "Cartcomm.Shift",
      "Request.Waitall", "Status.Get_count", "Datatype.Create_vector", "Win.Put", "File.Read_at", "Exception.Get_error_class",
      "MPI.Init", "MPI.Wtime", "MPI.Open_port", "startJob", "isolationProblem"])
      expect(names, n).toContain(n);
    expect(members.filter((m) => m.kind === "method").length).toBeGreaterThan(300);
  });

  it("documents every class, method, accessor and function as docs/api.md promises", () => {
    const report = members.flatMap((m) => problems(m).map((p) => `${m.name} (${m.at}): ${p}`));
    expect(report).toEqual([]);
  });

  it("states in docs/api.md the prelude the examples are type-checked after", () => {
    expect(readFileSync(path.join(root, "docs/api.md"), "utf8")).toContain("```ts\n" + EXAMPLE_PRELUDE + "```");
  });

  it("lists in CANNOT_RAISE only members that exist", () => {
    const names = new Set(members.map((m) => m.name));
    expect([...CANNOT_RAISE].filter((n) => !names.has(n))).toEqual([]);
  });

  it("catches a method without @throws, @example, MPI name or @param", () => {
    const bare: ApiMember = { module: "wmpi", name: "Comm.X", kind: "method", inInterface: false, params: ["dest"], summary: "Sends.", tags: {}, at: "-" };
    expect(problems(bare)).toEqual(["no MPI function named", "no @example", "no @throws", "no @param for dest"]);
    const good = { ...bare, summary: "MPI_Send.", tags: { example: ["comm.X(1)"], throws: ["ERR_RANK"], param: ["dest the rank"] } };
    expect(problems(good)).toEqual([]);
  });
});
