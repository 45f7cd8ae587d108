// The app's copies of what transformers.js needs at run time in a browser: onnxruntime's
// WebAssembly (served by the app, never a CDN; the CPU build, 14 MB, loaded with the first
// model and kept in Cache Storage) and the build-time defaults of the model settings.
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { ModelDefaults } from './transformersConfig.ts';

export const ORT_WASM_PATHS = { mjs: ortMjs, wasm: ortWasm };

/** `VITE_ATRIUM_MODEL_HOST` / `VITE_ATRIUM_EMBEDDING_MODEL` at build time, over the Hub and MiniLM. */
export const MODEL_DEFAULTS: ModelDefaults = {
	host: import.meta.env.VITE_ATRIUM_MODEL_HOST as string | undefined,
	embeddingModel: import.meta.env.VITE_ATRIUM_EMBEDDING_MODEL as string | undefined
};
