// Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm, pinned exactly:
// its API is internal to Prisma) through its wasm-bindgen glue.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

export type WasmEngineModule = typeof import("@prisma/schema-engine-wasm");

export async function loadWasmEngine(): Promise<WasmEngineModule> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as WasmEngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  // The package does not export its .wasm file: it sits beside the glue module.
  const wasm = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}
