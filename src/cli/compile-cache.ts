import module from "node:module";

interface CompileCacheResult {
  directory?: string;
}

/**
 * Node 22.8 and later can keep the compiled code of every module on disk (in the OS's temporary
 * folder), so the next start skips most of the time it spends compiling the rules and their parser
 * libraries. Node 20 has no such cache and nothing happens there. `NODE_DISABLE_COMPILE_CACHE=1`
 * turns it off, as Node documents.
 */
export function enableCompileCache(): void {
  // node:module's enableCompileCache exists only from Node 22.8; on Node 20 it is undefined.
  const enable = (module as { enableCompileCache?: () => CompileCacheResult }).enableCompileCache;
  const directory = enable?.().directory;
  // The lint processes txo-audit starts are Node processes of their own: the variable gives them the
  // same cache from their first module on.
  if (directory !== undefined) process.env.NODE_COMPILE_CACHE = directory;
}
