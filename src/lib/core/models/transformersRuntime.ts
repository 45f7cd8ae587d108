// The app's copy of what transformers.js needs at run time in a browser: onnxruntime's
// WebAssembly (served by the app, never a CDN; the CPU build, 14 MB, loaded with the first
// model and kept in Cache Storage). vite.config.ts resolves onnxruntime-web without its own
// bundled copy (the 26 MB WebGPU build, over the 25 MiB asset limit of Workers).
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

export const ORT_WASM_PATHS = { mjs: ortMjs, wasm: ortWasm };

/** Also here for workers that take both; main-thread code imports transformersDefaults.ts. */
export { MODEL_DEFAULTS } from './transformersDefaults.ts';
