// The teaching site: pick an example, read what it shows, edit it, run it on 1-8 ranks (Web
// Workers, via wmpi/browser), watch each rank's output, stop it. A job never runs on the page's
// main thread, so a deadlocked program leaves the page responsive; after a few seconds the page
// says the job is still running and how to stop it (the deadlock detector will say more later).
import { isolationProblem, startJob, type BrowserJob, type JobResult } from "wmpi/browser";
import { createEditor } from "./editor.js";
import { RankPanes } from "./panes.js";
import { TimelinePanel } from "./timeline-panel.js";

interface Example {
  id: string;
  title: string;
  file: string;
  lang: "js" | "c";
  ranks: number[];
  np: number;
  about: string;
  source: string;
  wasm?: string;
}

/** After this long a running job gets the "still running" hint: every example ends well within it. */
const HINT_AFTER_S = 3;
/** After this long with every rank waiting in MPI and nothing on its way, the job is deadlocked: it ends with the report of who waits on whom. */
const DEADLOCK_AFTER_S = 5;
const RANK_CHOICES = [1, 2, 4, 8];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const list = $<HTMLUListElement>("examples");
const about = $<HTMLElement>("about");
const title = $<HTMLElement>("example-title");
const npSelect = $<HTMLSelectElement>("np");
const runButton = $<HTMLButtonElement>("run");
const stopButton = $<HTMLButtonElement>("stop");
const resetButton = $<HTMLButtonElement>("reset");
const status = $<HTMLElement>("status");
const hint = $<HTMLElement>("hint");
const failure = $<HTMLPreElement>("failure");
const speedSelect = $<HTMLSelectElement>("speed");
const classPort = $<HTMLInputElement>("class-port");
const panes = new RankPanes($("ranks"));
const timeline = new TimelinePanel();

type State = "idle" | "running" | "done" | "failed" | "stopped" | "deadlocked";
/** The page's state, for styling and for the tests: body[data-state], window.wmpiSite. */
const site = { state: "idle" as State, result: undefined as JobResult | undefined, example: "", runs: 0, timeline: timeline.state };
(window as unknown as { wmpiSite: typeof site }).wmpiSite = site;

let examples: Example[] = [];
let current: Example | undefined;
let job: BrowserJob | undefined;
let stoppedByUser = false;
/** Set when the page is not cross-origin isolated: nothing can run. */
let blocked = false;

const editor = createEditor($("editor"), "program source", () => void run(), () => {
  resetButton.disabled = !current || editor.text() === current.source;
});

function setState(state: State, text: string): void {
  site.state = state;
  document.body.dataset.state = state;
  status.textContent = text;
  runButton.disabled = blocked || state === "running";
  stopButton.disabled = state !== "running";
  npSelect.disabled = state === "running";
  speedSelect.disabled = state === "running";
  classPort.disabled = state === "running";
}

function select(id: string, focusEditor = false): void {
  const ex = examples.find((e) => e.id === id) ?? examples[0];
  if (job) {
    stop();
    job = undefined; // its run() sees that it is no longer the page's job and leaves the page alone
  }
  current = ex;
  site.example = ex.id;
  for (const li of list.querySelectorAll("button")) li.setAttribute("aria-current", String(li.dataset.example === ex.id));
  title.textContent = ex.title;
  about.textContent = ex.about;
  editor.load(ex.source, ex.lang, ex.lang === "c");
  resetButton.disabled = true;
  for (const o of npSelect.options) o.disabled = !ex.ranks.includes(Number(o.value));
  npSelect.value = String(ex.np); // the count the example is best watched with
  $("c-note").hidden = ex.lang !== "c";
  if (location.hash !== `#${ex.id}`) history.replaceState(null, "", `#${ex.id}`);
  panes.reset(0);
  failure.hidden = true;
  hint.hidden = true;
  setState("idle", `Ready: press Run (Ctrl+Enter) to start ${ex.title} on ${npSelect.value} rank(s).`);
  if (focusEditor) editor.focus();
}

async function run(): Promise<void> {
  if (!current || site.state === "running") return;
  const ex = current;
  const np = Number(npSelect.value);
  if (!ex.ranks.includes(np)) {
    setState("failed", `${ex.title} runs on ${ex.ranks.join(", ")} ranks, not ${np}.`);
    return;
  }
  panes.reset(np);
  failure.hidden = true;
  hint.hidden = true;
  site.result = undefined;
  site.runs++;
  stoppedByUser = false;
  const paceMs = Number(speedSelect.value);
  // a port from the teacher: the ranks may reach other jobs, and find it under the name "class"
  const port = classPort.value.trim();
  const joining = port ? { network: true, names: { class: port } } : {};
  const trace = timeline.live(np, `${ex.title} on ${np} rank${np === 1 ? "" : "s"}`, paceMs);
  const t0 = performance.now();
  const seconds = () => Math.floor((performance.now() - t0) / 1000);
  const slowly = paceMs > 0 ? ` in slow motion (${paceMs} ms after each call)` : "";
  setState("running", `Running on ${np} rank(s)${slowly}…`);
  let mine: BrowserJob;
  try {
    job = mine = startJob({
      np,
      program: ex.lang === "c" ? { wasm: ex.wasm!, name: ex.id } : { source: editor.text() },
      onOutput: ({ rank, stream, line }) => panes.append(rank, stream, line),
      deadlockSeconds: DEADLOCK_AFTER_S,
      ...trace.option,
      ...joining,
    });
  } catch (e) {
    setState("failed", `Could not start: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const ticker = setInterval(() => {
    if (job !== mine) return;
    const s = seconds();
    status.textContent = `Running on ${np} rank(s)${slowly} for ${s} s…`;
    // in slow motion a long run is the point, not a sign of a deadlock
    if (s >= HINT_AFTER_S && !slowly) {
      hint.hidden = false;
      hint.textContent = `Still running after ${s} s. If every rank is waiting for another one (a deadlock), it never ends: press Stop (or Esc).`;
    }
  }, 250);
  const result = await mine.result;
  clearInterval(ticker);
  timeline.ended(trace, result);
  if (job !== mine) return; // another example was chosen meanwhile
  job = undefined;
  site.result = result;
  hint.hidden = true;
  const ms = Math.round(performance.now() - t0);
  if (stoppedByUser) setState("stopped", `Stopped after ${(ms / 1000).toFixed(1)} s (exit status ${result.code}).`);
  else if (result.code === 0) setState("done", `Finished in ${ms} ms on ${np} rank(s), exit status 0.`);
  else if (result.failure?.startsWith("deadlock:")) {
    setState("deadlocked", `Deadlocked after ${(ms / 1000).toFixed(1)} s: every rank waits for another, so none can go on.`);
    failure.textContent = result.failure.replace(/^deadlock: /, "");
    failure.hidden = false;
  } else {
    setState("failed", `Failed with exit status ${result.code}.`);
    failure.textContent = result.failure ?? "";
    failure.hidden = !result.failure;
  }
}

function stop(): void {
  if (!job) return;
  stoppedByUser = true;
  job.terminate();
}

function buildList(): void {
  for (const ex of examples) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.example = ex.id;
    b.textContent = ex.title;
    if (ex.lang === "c") b.append(Object.assign(document.createElement("span"), { className: "tag", textContent: "C" }));
    b.addEventListener("click", () => select(ex.id, false));
    li.append(b);
    list.append(li);
  }
}

async function main(): Promise<void> {
  for (const n of RANK_CHOICES) npSelect.append(new Option(`${n} rank${n === 1 ? "" : "s"}`, String(n)));
  runButton.addEventListener("click", () => void run());
  stopButton.addEventListener("click", stop);
  resetButton.addEventListener("click", () => current && select(current.id, true));
  npSelect.addEventListener("change", () => site.state !== "running" && current && setState("idle", `Ready: press Run (Ctrl+Enter) to start ${current.title} on ${npSelect.value} rank(s).`));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    } else if (e.key === "Escape" && site.state === "running") stop();
  });
  window.addEventListener("hashchange", () => select(location.hash.slice(1)));
  // a teacher may share a link that carries the class job's port: ...site/?port=wmpi-port:...#class
  classPort.value = new URLSearchParams(location.search).get("port") ?? "";
  ($<HTMLDetailsElement>("join")).open = classPort.value !== "";

  const problem = isolationProblem();
  if (problem) {
    blocked = true;
    // the page still shows the examples to read, but nothing can run: say why, plainly
    const box = $<HTMLPreElement>("problem");
    box.textContent = problem;
    box.hidden = false;
  }
  const response = await fetch("/build/site/examples.json");
  examples = (await response.json()) as Example[];
  buildList();
  select(location.hash.slice(1));
  if (problem) setState("failed", "This page cannot run MPI jobs: see the explanation above.");
}

main().catch((e) => setState("failed", `The page failed to load: ${e instanceof Error ? e.message : String(e)}`));
