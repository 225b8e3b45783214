// The file worker of a browser without the Origin Private File System, for browser-io.test.ts:
// the real one (dist/web/file-worker.js), whose OPFS is looked up only when the page's "start"
// arrives, which is after this module's body has taken getDirectory away.
import "/dist/web/file-worker.js";

delete StorageManager.prototype.getDirectory;
