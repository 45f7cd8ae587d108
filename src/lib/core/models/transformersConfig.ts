// Where on-device models (transformers.js) come from, and how their loading is reported:
// the model host and ids (a setting over build-time defaults), download progress summed over
// files, and one error type whose message the UI can show as it is. Pure: no transformers.js,
// no browser APIs, so every feature that runs a model (embeddings, Whisper) shares it.
import { z } from 'zod';

/** IndexedDB `settings` key of the user's choices (SettingsRow.value is `ModelSettings`). */
export const MODEL_SETTINGS_KEY = 'models.transformers';

export const HUGGING_FACE_HOST = 'https://huggingface.co/';
/** A 384-dimension sentence-embedding model: 23 MB at 8 bits, English. */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

/** `owner/name`, as on the Hub. */
const modelId = z
	.string()
	.trim()
	.regex(/^[\w.-]+\/[\w.-]+$/, 'A model id looks like owner/name, e.g. Xenova/all-MiniLM-L6-v2');

const hostUrl = z
	.string()
	.trim()
	.url('The model host must be a full URL, e.g. https://huggingface.co/')
	.refine((value) => /^https?:\/\//i.test(value), 'The model host must start with http:// or https://');

export const modelSettingsSchema = z.object({
	/** Serves `<model>/resolve/<revision>/<file>` (the Hub's layout; a mirror or your own server). */
	host: hostUrl,
	embeddingModel: modelId,
	/** Semantic search, related conversations and hybrid document retrieval: off until the user opts in (a download). */
	semantic: z.boolean()
});

export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** Build-time defaults (`VITE_ATRIUM_MODEL_HOST`, `VITE_ATRIUM_EMBEDDING_MODEL`), read by the caller. */
export interface ModelDefaults {
	host?: string;
	embeddingModel?: string;
}

/** A host always ends with one slash: transformers.js appends the path to it. */
export function normalizeHost(host: string): string {
	return host.trim().replace(/\/*$/, '/');
}

export function defaultModelSettings(defaults: ModelDefaults = {}): ModelSettings {
	return {
		host: normalizeHost(defaults.host?.trim() || HUGGING_FACE_HOST),
		embeddingModel: defaults.embeddingModel?.trim() || DEFAULT_EMBEDDING_MODEL,
		semantic: false
	};
}

/** The stored value over the defaults; a field that fails validation keeps its default. */
export function readModelSettings(stored: unknown, defaults: ModelDefaults = {}): ModelSettings {
	const base = defaultModelSettings(defaults);
	if (!stored || typeof stored !== 'object') return base;
	const parsed = modelSettingsSchema.partial().safeParse(stored);
	if (!parsed.success) return base;
	const value = parsed.data;
	return {
		host: value.host ? normalizeHost(value.host) : base.host,
		embeddingModel: value.embeddingModel ?? base.embeddingModel,
		semantic: value.semantic ?? base.semantic
	};
}

/** A model to load: where, which, and at which precision. */
export interface ModelSource {
	host: string;
	model: string;
	revision?: string;
	/** `q8` (8-bit, small) unless the caller knows better; the file is `onnx/model_quantized.onnx`. */
	dtype?: 'fp32' | 'fp16' | 'q8' | 'q4';
}

/** The address of one of a model's files on its host. */
export function modelFileUrl(source: ModelSource, file: string): string {
	return `${normalizeHost(source.host)}${source.model}/resolve/${encodeURIComponent(source.revision ?? 'main')}/${file}`;
}

export type ModelErrorCode = 'disabled' | 'not_found' | 'unreachable' | 'failed';

/** Why a model cannot be used, in words for the user; `code` for the UI's choices. */
export class ModelUnavailableError extends Error {
	readonly code: ModelErrorCode;

	constructor(code: ModelErrorCode, message: string) {
		super(message);
		this.name = 'ModelUnavailableError';
		this.code = code;
	}
}

/** What went wrong loading `source`, as a ModelUnavailableError (others pass through unchanged). */
export function explainLoadError(error: unknown, source: ModelSource): ModelUnavailableError {
	if (error instanceof ModelUnavailableError) return error;
	const text = error instanceof Error ? error.message : String(error);
	const where = `${source.model} at ${normalizeHost(source.host)}`;
	if (/could not locate file|404|not found|unauthorized|401|403/i.test(text)) {
		return new ModelUnavailableError('not_found', `No model ${where}: ${text}`);
	}
	if (/failed to fetch|fetch failed|networkerror|load failed|network|ECONNREFUSED|ENOTFOUND/i.test(text)) {
		return new ModelUnavailableError('unreachable', `The model host could not be reached (${where}); it is needed once, then the model works offline. ${text}`);
	}
	return new ModelUnavailableError('failed', `The model ${where} could not be loaded: ${text}`);
}

/** Download progress over every file of a model. */
export interface ModelProgress {
	/** Bytes received and expected, summed over the files seen so far (`total` grows as files start). */
	loaded: number;
	total: number;
	/** The file that moved last. */
	file: string | null;
	/** All files are in (from the network or the cache); the model is being started. */
	done: boolean;
}

/** The shape of transformers.js's progress events that matter here. */
export interface LoaderEvent {
	status: string;
	file?: string;
	loaded?: number;
	total?: number;
}

/** Sums transformers.js's per-file progress events into one figure. */
export class ProgressTally {
	readonly #files = new Map<string, { loaded: number; total: number }>();
	#last: string | null = null;
	#done = false;

	update(event: LoaderEvent): ModelProgress {
		if (event.status === 'ready') this.#done = true;
		if (event.file && (event.status === 'progress' || event.status === 'initiate' || event.status === 'done')) {
			const known = this.#files.get(event.file) ?? { loaded: 0, total: 0 };
			if (event.status === 'progress') {
				known.loaded = event.loaded ?? known.loaded;
				known.total = event.total ?? known.total;
			} else if (event.status === 'done') {
				known.total = Math.max(known.total, known.loaded);
				known.loaded = known.total;
			}
			this.#files.set(event.file, known);
			this.#last = event.file;
		}
		return this.snapshot();
	}

	snapshot(): ModelProgress {
		let loaded = 0;
		let total = 0;
		for (const file of this.#files.values()) {
			loaded += file.loaded;
			total += file.total;
		}
		return { loaded, total, file: this.#last, done: this.#done };
	}
}

/** "12.5 of 23.0 MB", or "" before sizes are known. */
export function progressText(progress: Pick<ModelProgress, 'loaded' | 'total'>): string {
	if (progress.total <= 0) return '';
	const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
	return `${mb(progress.loaded)} of ${mb(progress.total)} MB`;
}
