#!/usr/bin/env node
import { enableCompileCache } from "./compile-cache.js";

// Before the program's modules load: only modules loaded after this can come from the cache.
enableCompileCache();
await import("./audit-main.js");
