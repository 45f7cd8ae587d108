// Loads a transformers.js pipeline from the configured model host, reporting download progress
// and turning every failure into a ModelUnavailableError the UI can show. Meant for Web Workers
// (embeddings, Whisper); transformers.js itself is imported on first use, so nothing of it is
// in a bundle that never runs a model. Downloaded files stay in the browser's Cache Storage
// (`transformers-cache`): the next load, online or not, reads them from there.
import type { AllTasks, PipelineType } from '@huggingface/transformers';
import { explainLoadError, ProgressTally, type LoaderEvent, type ModelProgress, type ModelSource } from './transformersConfig.ts';

export interface LoadPipelineOptions {
	onProgress?: (progress: ModelProgress) => void;
	/**
	 * Where onnxruntime's WebAssembly lives (`transformersRuntime.ts` has the app's copies).
	 * Left out in Node, which uses onnxruntime-node.
	 */
	wasmPaths?: { mjs: string; wasm: string };
	/** Keep downloads in Cache Storage (default true where it exists). */
	cache?: boolean;
	/** Node only: a folder for the files (onnxruntime-node reads the model from a path). */
	cacheDir?: string;
}

type Transformers = typeof import('@huggingface/transformers');
let library: Promise<Transformers> | undefined;

/** Only one model host per thread: transformers.js keeps its settings in one module-wide `env`. */
function configure(lib: Transformers, source: ModelSource, options: LoadPipelineOptions): void {
	const { env } = lib;
	env.allowLocalModels = false;
	env.allowRemoteModels = true;
	env.remoteHost = source.host.replace(/\/*$/, '/');
	env.remotePathTemplate = '{model}/resolve/{revision}/';
	const cache = options.cache ?? true;
	env.useBrowserCache = cache && typeof caches !== 'undefined';
	env.useFSCache = options.cacheDir !== undefined;
	if (options.cacheDir !== undefined) env.cacheDir = options.cacheDir;
	const wasm = env.backends.onnx.wasm;
	if (wasm && options.wasmPaths) {
		// One thread: several need cross-origin isolation, which the app does not ask for.
		wasm.numThreads = 1;
		wasm.wasmPaths = { ...options.wasmPaths };
	}
}

/**
 * The pipeline for `task` with `source`'s model. Rejects with a ModelUnavailableError saying
 * why (no such model, host unreachable, a file the runtime cannot read).
 */
export async function loadPipeline<T extends PipelineType>(task: T, source: ModelSource, options: LoadPipelineOptions = {}): Promise<AllTasks[T]> {
	try {
		const lib = await (library ??= import('@huggingface/transformers'));
		configure(lib, source, options);
		const tally = new ProgressTally();
		const made = await lib.pipeline(task, source.model, {
			revision: source.revision ?? 'main',
			dtype: source.dtype ?? 'q8',
			device: options.wasmPaths ? 'wasm' : 'cpu',
			progress_callback: (event: LoaderEvent) => options.onProgress?.(tally.update(event))
		});
		return made;
	} catch (error) {
		throw explainLoadError(error, source);
	}
}
