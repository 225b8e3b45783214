// A page's rank joined to a Node job that then dies (issue 10): `?port=NAME` names the Node job's
// port. Rank 0 connects alone, says so, and waits for a message that the killed job never sends:
// the receive must fail with an MPI error (the page's net worker saw the connection close), not hang.
import { MPI } from "wmpi";

const port = new URL(import.meta.url).searchParams.get("port") ?? "";
const inter = MPI.COMM_SELF.Connect(port);
console.log("connected");
inter.Recv(new Int32Array(1), 0, 99);
console.log("received a message nobody sent");
