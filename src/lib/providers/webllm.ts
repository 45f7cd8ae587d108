// Chat with models that run on this device's GPU: web-llm's engine lives in a Web Worker
// (webllm.worker.ts) and this provider drives it through web-llm's own worker client.
// web-llm (6 MB) is imported only when first needed, so the app shell stays small.
import type { AppConfig, ChatCompletionChunk, WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import type { ChatEvent, ChatRequest, FinishReason } from '../protocol/chat.ts';
import { ProviderError, type ChatProvider } from './types.ts';
import { detectWebGpu, type WebGpuSupport } from './webgpu.ts';
import {
	chunkToEvents,
	describeGenerationFailure,
	describeLoadFailure,
	toWebLlmRequest,
	type WebLlmFailure
} from './webllmEvents.ts';
import { curateWebLlmModels, webLlmDisplayName, type WebLlmModelInfo } from './webllmModels.ts';

export type LoadProgress = { progress: number; text: string };
export type LoadProgressListener = (progress: LoadProgress) => void;

/** What web-llm's client needs of a worker; a DOM `Worker` is one. */
export type WebLlmWorker = Pick<Worker, 'postMessage' | 'terminate'> & { onmessage: Worker['onmessage'] };

export interface WebLlmProviderOptions {
	/** Starts the worker that hosts the engine; defaults to webllm.worker.ts. */
	createWorker?: () => WebLlmWorker;
	/** Models web-llm may load; defaults to web-llm's `prebuiltAppConfig`. */
	appConfig?: AppConfig;
	/** Navigator to probe for WebGPU; defaults to the global one. */
	navigator?: Navigator;
	/** Told of download/compile progress when `stream()` has to load a model itself. */
	onLoadProgress?: LoadProgressListener;
}

export interface WebLlmProvider extends ChatProvider {
	listModels(signal?: AbortSignal): Promise<WebLlmModelInfo[]>;
	/**
	 * Downloads (or reads from the browser cache) and compiles `modelId`, reporting progress.
	 * Rejects with a ProviderError whose message is fit to show; aborting `signal` stops the
	 * download and rejects with code `aborted`.
	 */
	load(modelId: string, onProgress: LoadProgressListener, signal?: AbortSignal): Promise<void>;
	/** Frees the GPU memory and stops the worker; the next load starts afresh. */
	unload(): Promise<void>;
}

const defaultCreateWorker = (): WebLlmWorker =>
	new Worker(new URL('../workers/webllm.worker.ts', import.meta.url), { type: 'module' });

export function createWebLlmProvider(options: WebLlmProviderOptions = {}): WebLlmProvider {
	const createWorker = options.createWorker ?? defaultCreateWorker;
	let gpuSupport: Promise<WebGpuSupport> | undefined;
	let appConfig: Promise<AppConfig> | undefined;
	// One engine, one model, one generation at a time: a single local GPU cannot do better,
	// and switching models under a running generation would corrupt it.
	const lock = createLock();
	let worker: WebLlmWorker | undefined;
	let engine: WebWorkerMLCEngine | undefined;
	let loadedModelId: string | undefined;
	let progressListener: LoadProgressListener | undefined;

	const detect = () => (gpuSupport ??= detectWebGpu(options.navigator ?? globalThis.navigator));
	const config = () =>
		(appConfig ??= options.appConfig
			? Promise.resolve(options.appConfig)
			: import('@mlc-ai/web-llm').then((webllm) => webllm.prebuiltAppConfig));
	const displayName = async (modelId: string) => webLlmDisplayName(modelId, (await config()).model_list);

	const dropEngine = () => {
		worker?.terminate();
		worker = undefined;
		engine = undefined;
		loadedModelId = undefined;
	};

	/** Loads `modelId` into the engine; the caller holds the lock. */
	async function loadLocked(modelId: string, onProgress: LoadProgressListener, signal?: AbortSignal): Promise<void> {
		if (loadedModelId === modelId && engine !== undefined) return;
		progressListener = onProgress;
		try {
			const loading = engine === undefined ? startEngine(modelId) : engine.reload(modelId);
			await abortable(loading, signal);
			loadedModelId = modelId;
		} catch (error) {
			// Terminating the worker is the one way to stop a download in flight, and after a
			// failed load the engine's state is unknown anyway; the next load starts clean.
			dropEngine();
			throw error;
		} finally {
			progressListener = undefined;
		}
	}

	async function startEngine(modelId: string): Promise<void> {
		const [{ CreateWebWorkerMLCEngine }, resolvedConfig] = await Promise.all([import('@mlc-ai/web-llm'), config()]);
		const own = createWorker();
		worker = own;
		const started = await CreateWebWorkerMLCEngine(own, modelId, {
			appConfig: resolvedConfig,
			initProgressCallback: (report) => progressListener?.({ progress: report.progress, text: report.text })
		});
		// Only if this worker was not dropped (aborted, unloaded) while the model loaded.
		if (worker === own) engine = started;
	}

	async function load(modelId: string, onProgress: LoadProgressListener, signal?: AbortSignal): Promise<void> {
		const release = await lock.acquire(signal);
		if (release === undefined) throw abortedError();
		try {
			const gpu = await detect();
			if (!gpu.available) throw new ProviderError('unavailable', gpu.reason);
			await loadLocked(modelId, onProgress, signal);
		} catch (error) {
			if (error instanceof ProviderError) throw error;
			if (signal?.aborted) throw abortedError();
			const failure = describeLoadFailure(error, await displayName(modelId).catch(() => modelId));
			throw new ProviderError(failure.code, failure.message, { cause: error });
		} finally {
			release();
		}
	}

	async function* stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
		if (signal.aborted) {
			yield FINISH_ABORT;
			return;
		}
		const gpu = await detect();
		if (!gpu.available) {
			yield* failed({ code: 'unavailable', message: gpu.reason });
			return;
		}
		const release = await lock.acquire(signal);
		if (release === undefined) {
			yield FINISH_ABORT;
			return;
		}
		const session: GenerationSession = { windingDown: undefined };
		let ending: ChatEvent[];
		try {
			ending = yield* generate(request, signal, session);
		} finally {
			// Runs before the closing events are yielded (and when the consumer stops reading
			// early), so a consumer that never reads past `finish` cannot hold the engine.
			if (session.windingDown === undefined) release();
			else void session.windingDown.catch(() => undefined).finally(release);
		}
		yield* ending;
	}

	/**
	 * Loads the model and yields the reply's text and usage; returns the closing events for
	 * the caller to yield once the engine is released. The caller holds the lock.
	 */
	async function* generate(
		request: ChatRequest,
		signal: AbortSignal,
		session: GenerationSession
	): AsyncGenerator<ChatEvent, ChatEvent[]> {
		const name = await displayName(request.model).catch(() => request.model);
		try {
			await loadLocked(request.model, options.onLoadProgress ?? (() => {}), signal);
		} catch (error) {
			return signal.aborted ? [FINISH_ABORT] : failed(describeLoadFailure(error, name));
		}
		const current = engine;
		if (current === undefined) return failed(describeLoadFailure('the engine stopped while loading', name));

		let chunks: AsyncIterator<ChatCompletionChunk>;
		try {
			chunks = (await current.chat.completions.create(toWebLlmRequest(request)))[Symbol.asyncIterator]();
		} catch (error) {
			return failed(describeGenerationFailure(error, name));
		}

		let finishReason: FinishReason = 'stop';
		let drained = false;
		try {
			while (true) {
				const next = await nextUnlessAborted(chunks, signal);
				if (next === 'aborted') return [FINISH_ABORT];
				if (next.done) break;
				const mapped = chunkToEvents(next.value);
				if (mapped.finishReason !== undefined) finishReason = mapped.finishReason;
				for (const event of mapped.events) yield event;
			}
			drained = true;
		} catch (error) {
			// web-llm's client closes its worker-side generator itself when next() throws.
			drained = true;
			return failed(describeGenerationFailure(error, name));
		} finally {
			// Reached undrained by an abort or a consumer that stopped reading: stop the GPU,
			// then close the worker-side generator, which releases web-llm's per-model lock.
			if (!drained) {
				current.interruptGenerate();
				session.windingDown = Promise.resolve(chunks.return?.());
			}
		}
		return [{ type: 'finish', reason: finishReason }];
	}

	return {
		source: 'webllm',
		label: 'In this browser (WebGPU)',

		async listModels() {
			const gpu = await detect();
			if (!gpu.available) throw new ProviderError('unavailable', gpu.reason);
			return curateWebLlmModels((await config()).model_list, gpu.features);
		},

		stream,
		load,

		async unload() {
			const release = await lock.acquire();
			try {
				// Best effort: terminating the worker frees the GPU even if unload() failed.
				await engine?.unload().catch(() => undefined);
				dropEngine();
			} finally {
				release?.();
			}
		}
	};
}

interface GenerationSession {
	/** Settles once an interrupted generation has wound down in the worker. */
	windingDown: Promise<unknown> | undefined;
}

const FINISH_ABORT: ChatEvent = { type: 'finish', reason: 'abort' };

function failed(failure: WebLlmFailure): ChatEvent[] {
	return [
		{ type: 'error', code: failure.code, message: failure.message },
		{ type: 'finish', reason: 'error' }
	];
}

function abortedError(): ProviderError {
	return new ProviderError('aborted', 'Loading the model was cancelled.');
}

/** Rejects as soon as `signal` aborts, leaving `promise` to settle unobserved. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (signal === undefined) return promise;
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(abortedError());
		if (signal.aborted) onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

/** The iterator's next result, or 'aborted' as soon as `signal` aborts. */
async function nextUnlessAborted<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T> | 'aborted'> {
	if (signal.aborted) return 'aborted';
	const next = iterator.next();
	let onAbort = () => {};
	const aborted = new Promise<'aborted'>((resolve) => {
		onAbort = () => resolve('aborted');
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([next, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
		// If the abort won, the pending next() may still reject (the worker is interrupted).
		next.catch(() => undefined);
	}
}

/** A FIFO mutex whose waiters can give up when their signal aborts. */
function createLock() {
	let tail: Promise<void> = Promise.resolve();
	return {
		/** Resolves with a release function once the lock is ours, or undefined if `signal` aborted first. */
		async acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
			let release!: () => void;
			const mine = new Promise<void>((resolve) => (release = resolve));
			const previous = tail;
			tail = previous.then(() => mine);
			const won = await abortableWait(previous, signal);
			if (!won) {
				// Still take our turn in the queue, and pass it straight on.
				void previous.then(release);
				return undefined;
			}
			return release;
		}
	};
}

async function abortableWait(promise: Promise<void>, signal: AbortSignal | undefined): Promise<boolean> {
	if (signal === undefined) {
		await promise;
		return true;
	}
	if (signal.aborted) return false;
	let onAbort = () => {};
	const aborted = new Promise<false>((resolve) => {
		onAbort = () => resolve(false);
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise.then(() => true as const), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
