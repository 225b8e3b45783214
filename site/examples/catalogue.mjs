// The teaching site's examples, in the order the page lists them. scripts/build-site.mjs reads
// each file into build/site/examples.json (and compiles the C one with wmpicc), so the page
// gets the source text itself: the server would hand a .js program out with its imports rewritten.
//   ranks: the rank counts the example runs with (the selector greys out the others)
//   about: what a student should see in it, 2-4 sentences
export const catalogue = [
  {
    id: "hello", title: "Hello", file: "site/examples/hello.js", ranks: [1, 2, 4, 8], np: 4,
    about: "Every rank runs the same program. MPI gives each one a rank number (0, 1, 2, ...) and tells it how many ranks there are. Notice that each rank prints into its own pane: the ranks are separate workers that share nothing but messages.",
  },
  {
    id: "ring", title: "Ring", file: "site/examples/ring.js", ranks: [1, 2, 4, 8], np: 4,
    about: "A token travels once round a ring of ranks, each adding its rank number. Recv blocks until the left neighbour's message arrives, so the ranks run one after another even though they all start at once.",
  },
  {
    id: "pingpong", title: "Ping-pong", file: "site/examples/pingpong.js", ranks: [2, 4, 8], np: 2,
    about: "Ranks play in pairs: one sends the ball, the other sends it back. Timing many round trips gives the latency of one message, the basic cost of every exchange. It needs an even number of ranks.",
  },
  {
    id: "compute-pi", title: "Compute pi", file: "site/examples/compute-pi.js", ranks: [1, 2, 4, 8], np: 4,
    about: "Pi is the area under 4/(1+x²) between 0 and 1. Rank 0 broadcasts the number of intervals, each rank sums its share, and a reduction adds the partial sums on rank 0. More ranks, less work each.",
  },
  {
    id: "broadcast", title: "Broadcast: tree vs. linear", file: "site/examples/broadcast.js", ranks: [1, 2, 4, 8], np: 8,
    about: "Rank 0 gives a value to everyone, first by sending to each rank in turn (size-1 steps), then along a tree where every rank that has the value passes it on (log₂ size rounds). With 8 ranks compare 7 steps with 3 rounds. MPI's Bcast does the clever thing for you.",
  },
  {
    id: "reduce", title: "Reduce and Allreduce", file: "site/examples/reduce.js", ranks: [1, 2, 4, 8], np: 4,
    about: "A reduction combines one value from every rank with an operation such as SUM or MAX. Reduce leaves the result on the root only; Allreduce gives it to every rank.",
  },
  {
    id: "deadlock", title: "Deadlock (Ssend both ways)", file: "site/examples/deadlock.js", ranks: [1, 2, 4], np: 2,
    about: "Every rank first sends to its neighbour with Ssend, which waits until the receiver takes the message, and only then receives. Nobody ever reaches a receive, so the job can never end. After a few seconds the page sees that every rank waits in MPI with nothing on its way, stops the job and shows who waits on whom.",
  },
  {
    id: "nonblocking", title: "Nonblocking exchange (the fix)", file: "site/examples/nonblocking.js", ranks: [1, 2, 4, 8], np: 2,
    about: "The same exchange as the deadlock, with Irecv and Issend: they start the transfers and return at once, and Waitall waits for both. Every receive is posted before anyone waits, so the exchange completes.",
  },
  {
    id: "jacobi", title: "Jacobi halo exchange", file: "site/examples/jacobi.js", ranks: [1, 2, 4, 8], np: 4,
    about: "Heat spreads along a rod split among the ranks. Before each sweep, neighbours swap their edge cells into ghost cells (the halo) with Sendrecv, and an allreduce finds the largest change. The result is the same on any number of ranks.",
  },
  {
    id: "file-io", title: "Parallel file I/O", file: "site/examples/file-io.js", ranks: [1, 2, 4, 8], np: 4,
    about: "All ranks write one shared file, each its own part at its own offset, with one collective call (Write_at_all), then read back a part another rank wrote. The file lives in your browser's private file system (OPFS), so it is still there after the job: MPI-IO works the same on a cluster's parallel file system.",
  },
  {
    id: "class", title: "Join the class job", file: "site/examples/class.js", ranks: [1, 2, 4, 8], np: 2,
    about: "Your browser's ranks join a job the teacher runs on another machine, over WebSocket: paste the port the teacher's wmpiexec printed into \"Class job port\" and Run. Your ranks connect to the teacher's, Merge makes one communicator of them all, and a collective runs across every machine of the class.",
  },
  {
    id: "cpi-c", title: "Compute pi in C", file: "examples/c/cpi.c", lang: "c", ranks: [1, 2, 4, 8], np: 4,
    about: "The classic MPICH example in C, compiled to WebAssembly by wmpicc when the site was built; it runs on the same MPI core as the JavaScript programs. The page cannot compile C, so edits here do not run: build your own with npx wmpicc.",
  },
];
