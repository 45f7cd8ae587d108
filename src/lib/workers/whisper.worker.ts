// Whisper in a Web Worker (decision 0024): the model loads once per source with download
// progress, and recognition never blocks the page.
import { expose } from 'comlink';
import type { ModelProgress, ModelSource } from '../core/models/transformersConfig.ts';
import { ORT_WASM_PATHS } from '../core/models/transformersRuntime.ts';
import { loadWhisper, runWhisper } from './whisperCore.ts';

let source: ModelSource | undefined;

const api = {
	/** Loads (or reuses) the model; rejects with the loader's message when it is not available. */
	async load(next: ModelSource, onProgress?: (progress: ModelProgress) => void): Promise<void> {
		source = next;
		await loadWhisper(next, { wasmPaths: ORT_WASM_PATHS, ...(onProgress ? { onProgress } : {}) });
	},
	async transcribe(samples: Float32Array): Promise<string> {
		if (!source) throw new Error('No Whisper model was loaded.');
		return runWhisper(await loadWhisper(source, { wasmPaths: ORT_WASM_PATHS }), samples);
	}
};

export type WhisperWorkerApi = typeof api;
expose(api);
