// One output pane per rank. Lines are appended as text nodes (never HTML: a program prints
// whatever it likes); stderr lines are marked so they stand out.
export class RankPanes {
  private panes: HTMLPreElement[] = [];

  constructor(private readonly box: HTMLElement) {}

  /** Empties the box and makes `np` panes, titled rank 0 .. np-1. */
  reset(np: number): void {
    this.box.replaceChildren();
    this.box.dataset.np = String(np);
    this.panes = [];
    for (let r = 0; r < np; r++) {
      const section = document.createElement("section");
      section.className = "rank";
      section.dataset.rank = String(r);
      const h = document.createElement("h3");
      h.textContent = `rank ${r}`;
      const pre = document.createElement("pre");
      pre.tabIndex = 0; // a long pane scrolls: keyboard users need to reach it
      pre.setAttribute("aria-label", `output of rank ${r}`);
      section.append(h, pre);
      this.box.append(section);
      this.panes.push(pre);
    }
  }

  append(rank: number, stream: "stdout" | "stderr", line: string): void {
    const pre = this.panes[rank];
    if (!pre) return;
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    const span = document.createElement("span");
    if (stream === "stderr") span.className = "stderr";
    span.textContent = line + "\n";
    pre.append(span);
    if (atEnd) pre.scrollTop = pre.scrollHeight; // follow the output unless the reader scrolled up
  }
}
