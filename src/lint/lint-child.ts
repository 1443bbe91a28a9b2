import { join } from "node:path";
import { FileLinter } from "./engine.js";
import { lintPath, type FileOutcome } from "./lint-file.js";

/** Messages between the pool and its child processes. */
export interface ChildRequest {
  files: string[];
}
export interface ChildResponse {
  outcomes: FileOutcome[];
}
export interface ChildSetup {
  root: string;
  fastParser: boolean;
}

/**
 * A lint process: the parser is native code, and a native crash (a stack overflow on absurdly deep
 * nesting) ends the process it runs in. Here it ends only this child; the pool reports the file.
 */
function serve(send: (response: ChildResponse) => void, setup: ChildSetup): void {
  const linter = new FileLinter(setup.root, { fastParser: setup.fastParser });
  process.on("message", (request: ChildRequest) => {
    send({ outcomes: request.files.map((file) => lintPath(linter, file, join(setup.root, file))) });
  });
}

const setupText = process.env.TXO_AUDIT_LINT_CHILD;
if (process.send !== undefined && setupText !== undefined) {
  const send = process.send.bind(process);
  // The parent process writes this variable from a ChildSetup with JSON.stringify.
  serve((response) => send(response), JSON.parse(setupText) as ChildSetup);
}
