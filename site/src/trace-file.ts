// "Open trace file": a JSON trace recorded by `wmpiexec --trace out.json`, chosen with the file
// input or dropped on the timeline, read into a TraceModel for the same view a live job uses.
import { TraceModel } from "./trace-model.js";

/** Reads one file into a model; throws with a sentence a person can act on. */
export async function readTraceFile(file: File): Promise<TraceModel> {
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (e) {
    throw new Error(`${file.name} is not JSON (${e instanceof Error ? e.message : String(e)}): record one with wmpiexec --trace out.json`);
  }
  try {
    return TraceModel.fromFile(json);
  } catch (e) {
    throw new Error(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Calls `open` with each file chosen in `input` or dropped on `zone` (the first file of a drop).
 * While a file is dragged over the zone it gets the class "drop-here".
 */
export function acceptTraceFiles(input: HTMLInputElement, zone: HTMLElement, open: (file: File) => void): void {
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) open(file);
    input.value = ""; // choosing the same file again (re-recorded) is a change too
  });
  const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") ?? false;
  zone.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault(); // without this the browser opens the file itself
    e.dataTransfer!.dropEffect = "copy";
    zone.classList.add("drop-here");
  });
  zone.addEventListener("dragleave", (e) => {
    if (!zone.contains(e.relatedTarget as Node | null)) zone.classList.remove("drop-here");
  });
  zone.addEventListener("drop", (e) => {
    zone.classList.remove("drop-here");
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    open(file);
  });
}
