import { parentPort, workerData } from "node:worker_threads";
import { join } from "node:path";
import { FileLinter } from "./engine.js";
import { lintPath, type FileOutcome } from "./lint-file.js";

/** Messages between the pool and its workers. */
export interface WorkerRequest {
  files: string[];
}
export interface WorkerResponse {
  outcomes: FileOutcome[];
}
export interface WorkerSetup {
  root: string;
  fastParser: boolean;
}

function serve(port: NonNullable<typeof parentPort>, setup: WorkerSetup): void {
  const linter = new FileLinter(setup.root, { fastParser: setup.fastParser });
  port.on("message", (request: WorkerRequest) => {
    const outcomes = request.files.map((file) => lintPath(linter, file, join(setup.root, file)));
    port.postMessage({ outcomes } satisfies WorkerResponse);
  });
}

if (parentPort) serve(parentPort, workerData as WorkerSetup);
