/**
 * txo-toolkit/codemods: the typed API behind the txo-codemod command.
 *
 *   import { runCodemods } from "txo-toolkit/codemods";
 *   const result = await runCodemods(["exit-to-throw"], { cwd: "path/to/project", write: false });
 *   console.log(result.diff);
 */
export { runCodemods, resolveCodemodOptions } from "./engine.js";
export { availableTransforms, TRANSFORM_NAMES } from "./registry.js";
export { buildChangeTable, renderChangeTableMarkdown, type ChangeTableDocument } from "./change-table.js";
export type {
  BreakingLevel,
  ChangeRow,
  ChangeStatus,
  CodemodOptions,
  CodemodResult,
  FileChange,
  ProjectChange,
  RequiredKeyReport,
  TransformName,
} from "./types.js";
