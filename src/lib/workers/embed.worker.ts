/**
 * The embedding worker: runs the embedding model (transformers.js) off the main thread and
 * keeps every message and document passage embedded. It only exposes the service.
 */
import { expose } from 'comlink';
import { loadPipeline } from '../core/models/transformers.ts';
import { MODEL_DEFAULTS } from '../core/models/transformersDefaults.ts';
import { ORT_WASM_PATHS } from '../core/models/transformersRuntime.ts';
import { database } from '../db/database.ts';
import { EmbeddingService, type LoadEmbedder } from './embed/service.ts';
import type { EmbedApi } from './embedClient.ts';

const load: LoadEmbedder = async (settings, onProgress) => {
	const extract = await loadPipeline('feature-extraction', { host: settings.host, model: settings.embeddingModel }, { wasmPaths: ORT_WASM_PATHS, onProgress });
	return {
		async embed(texts) {
			const output = await extract(texts, { pooling: 'mean', normalize: true });
			const [rows = 0, dims = 0] = output.dims;
			const data = output.data as Float32Array;
			return Array.from({ length: rows }, (_, i) => data.slice(i * dims, (i + 1) * dims));
		}
	};
};

const service = new EmbeddingService({ db: database(), load, defaults: MODEL_DEFAULTS });

const api: EmbedApi = {
	start: () => service.start(),
	status: () => service.status(),
	search: (query, limit) => service.search(query, limit),
	related: (conversationId, limit) => service.related(conversationId, limit),
	passages: (conversationId, query, limit) => service.passages(conversationId, query, limit)
};

expose(api);
