// The provider driven through web-llm's real worker client (WebWorkerMLCEngine) against a
// scripted worker that speaks web-llm's worker protocol, so everything but the GPU is real.
import type { ChatCompletionChunk, ChatCompletionFinishReason, InitProgressReport } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { ChatEvent, ChatRequest } from '../protocol/chat.ts';
import { ProviderError } from './types.ts';
import { WEBGPU_NO_ADAPTER_REASON, WEBGPU_UNSUPPORTED_REASON } from './webgpu.ts';
import { createWebLlmProvider, type LoadProgress, type WebLlmProviderOptions } from './webllm.ts';

const MODEL = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const MODEL_NAME = 'Qwen2.5 0.5B Instruct (945 MB VRAM)';
const OTHER_MODEL = 'Llama-3.2-1B-Instruct-q4f16_1-MLC';

interface WorkerMessage {
	kind: string;
	uuid: string;
	content: unknown;
}

interface Script {
	/** Progress reports sent during each reload. */
	progress?: InitProgressReport[];
	/** A reload answers with this error string (web-llm sends `String(error)`). */
	reloadError?: string;
	/** A reload never answers, like a download that takes forever. */
	reloadHangs?: boolean;
	/** Chunks of each generation, in order. */
	chunks?: ChatCompletionChunk[];
	/** Hold each chunk until the test calls `step()`. */
	gated?: boolean;
}

/** A stand-in for webllm.worker.ts: answers web-llm's client as the real handler would. */
class ScriptedWorker {
	onmessage: ((event: MessageEvent) => void) | null = null;
	readonly received: WorkerMessage[] = [];
	terminated = false;
	#script: Script;
	#queue: ChatCompletionChunk[] = [];
	#interrupted = false;
	#abortSent = false;
	#gate: (() => void)[] = [];

	constructor(script: Script) {
		this.#script = script;
	}

	kinds(): string[] {
		return this.received.map((message) => message.kind);
	}

	/** Lets one gated chunk through. */
	step(): void {
		this.#gate.shift()?.();
	}

	postMessage(message: WorkerMessage): void {
		this.received.push(message);
		void this.#handle(message);
	}

	terminate(): void {
		this.terminated = true;
	}

	async #handle({ kind, uuid }: WorkerMessage): Promise<void> {
		await Promise.resolve();
		switch (kind) {
			case 'reload':
				if (this.#script.reloadHangs) return;
				for (const report of this.#script.progress ?? []) this.#send({ kind: 'initProgressCallback', uuid: '', content: report });
				if (this.#script.reloadError !== undefined) this.#send({ kind: 'throw', uuid, content: this.#script.reloadError });
				else this.#send({ kind: 'return', uuid, content: null });
				return;
			case 'chatCompletionStreamInit':
				this.#queue = [...(this.#script.chunks ?? [])];
				this.#interrupted = false;
				this.#abortSent = false;
				this.#send({ kind: 'return', uuid, content: null });
				return;
			case 'completionStreamNextChunk': {
				if (this.#script.gated && !this.#interrupted) await new Promise<void>((resolve) => this.#gate.push(resolve));
				// Like web-llm's engine, an interrupted generation ends with one `abort` chunk; the
				// handler answers `undefined` (not an object) once the generator is done.
				if (this.#interrupted) {
					this.#queue = this.#abortSent ? [] : [chunk('', 'abort')];
					this.#abortSent = true;
				}
				this.#send({ kind: 'return', uuid, content: this.#queue.shift() });
				return;
			}
			case 'interruptGenerate':
				this.#interrupted = true;
				for (const open of this.#gate.splice(0)) open();
				this.#send({ kind: 'return', uuid, content: null });
				return;
			case 'completionStreamReturn':
			case 'unload':
				this.#send({ kind: 'return', uuid, content: null });
				return;
			default:
				// setAppConfig, setLogLevel: fire-and-forget in web-llm's protocol.
				return;
		}
	}

	#send(data: { kind: string; uuid: string; content: unknown }): void {
		if (!this.terminated) this.onmessage?.(new MessageEvent('message', { data }));
	}
}

const chunk = (content: string, finishReason: ChatCompletionFinishReason | null = null): ChatCompletionChunk => ({
	id: 'chatcmpl-1',
	object: 'chat.completion.chunk',
	created: 0,
	model: MODEL,
	choices: [{ index: 0, delta: { content }, finish_reason: finishReason }]
});

const usageChunk = (prompt: number, completion: number): ChatCompletionChunk => ({
	id: 'chatcmpl-1',
	object: 'chat.completion.chunk',
	created: 0,
	model: MODEL,
	choices: [],
	usage: {
		prompt_tokens: prompt,
		completion_tokens: completion,
		total_tokens: prompt + completion,
		extra: { e2e_latency_s: 1, prefill_tokens_per_s: 1, decode_tokens_per_s: 1, time_to_first_token_s: 1, time_per_output_token_s: 1 }
	}
});

const REPLY = [chunk('Hel'), chunk('lo'), chunk('!', 'stop'), usageChunk(9, 3)];

// Navigator is a browser host object; these describe only what detectWebGpu reads.
const gpuNavigator = { gpu: { requestAdapter: async () => ({ features: new Set(['shader-f16']) }) } } as unknown as Navigator;
const noGpuNavigator = {} as Navigator;
const noAdapterNavigator = { gpu: { requestAdapter: async () => null } } as unknown as Navigator;

function setup(script: Script, options: Partial<WebLlmProviderOptions> = {}) {
	const workers: ScriptedWorker[] = [];
	const provider = createWebLlmProvider({
		navigator: gpuNavigator,
		createWorker: () => {
			const worker = new ScriptedWorker(script);
			workers.push(worker);
			return worker;
		},
		...options
	});
	return { provider, workers };
}

const request = (model = MODEL): ChatRequest => ({ model, messages: [{ role: 'user', content: 'Hi' }] });

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
	const all: ChatEvent[] = [];
	for await (const event of events) all.push(event);
	return all;
}

describe('listModels', () => {
	it('lists curated small chat models from web-llm when WebGPU is there', async () => {
		const { provider, workers } = setup({});
		const models = await provider.listModels();
		expect(models.length).toBe(6);
		expect(models.every((model) => model.source === 'webllm' && model.vramRequiredMB > 0)).toBe(true);
		expect(models.map((model) => model.id)).toContain(MODEL);
		// Listing needs no engine.
		expect(workers).toHaveLength(0);
	});

	it.each([
		['no WebGPU', noGpuNavigator, WEBGPU_UNSUPPORTED_REASON],
		['no adapter', noAdapterNavigator, WEBGPU_NO_ADAPTER_REASON]
	])('throws ProviderError unavailable with %s', async (_label, navigator, reason) => {
		const { provider } = setup({}, { navigator });
		const error = await provider.listModels().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ code: 'unavailable', message: reason });
	});
});

describe('stream', () => {
	it('loads the model once, streams text and usage, and finishes', async () => {
		const progress: LoadProgress[] = [];
		const { provider, workers } = setup(
			{ chunks: REPLY, progress: [{ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' }] },
			{ onLoadProgress: (report) => progress.push(report) }
		);
		expect(await collect(provider.stream(request(), new AbortController().signal))).toEqual([
			{ type: 'text', delta: 'Hel' },
			{ type: 'text', delta: 'lo' },
			{ type: 'text', delta: '!' },
			{ type: 'usage', inputTokens: 9, outputTokens: 3 },
			{ type: 'finish', reason: 'stop' }
		]);
		expect(progress).toEqual([{ progress: 0.5, text: 'Fetching param cache[1/2]' }]);

		const worker = workers[0];
		const init = worker?.received.find((message) => message.kind === 'chatCompletionStreamInit');
		expect(init?.content).toMatchObject({
			request: { stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] }
		});

		await collect(provider.stream(request(), new AbortController().signal));
		expect(workers).toHaveLength(1);
		expect(worker?.kinds().filter((kind) => kind === 'reload')).toHaveLength(1);
	});

	it('reloads when another model is asked for', async () => {
		const { provider, workers } = setup({ chunks: REPLY });
		await collect(provider.stream(request(), new AbortController().signal));
		await collect(provider.stream(request(OTHER_MODEL), new AbortController().signal));
		const reloads = workers[0]?.received.filter((message) => message.kind === 'reload').map((message) => message.content);
		expect(reloads).toEqual([
			expect.objectContaining({ modelId: [MODEL] }),
			expect.objectContaining({ modelId: [OTHER_MODEL] })
		]);
	});

	it('passes length as the finish reason', async () => {
		const { provider } = setup({ chunks: [chunk('cut', 'length')] });
		const events = await collect(provider.stream(request(), new AbortController().signal));
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'length' });
	});

	it('explains a model that cannot be downloaded, then starts afresh on the next try', async () => {
		const { provider, workers } = setup({ reloadError: 'TypeError: Failed to fetch' });
		expect(await collect(provider.stream(request(), new AbortController().signal))).toEqual([
			{
				type: 'error',
				code: 'network',
				message: `Could not download the model ${MODEL_NAME} (Failed to fetch). Check your connection or pick another model source.`
			},
			{ type: 'finish', reason: 'error' }
		]);
		expect(workers[0]?.terminated).toBe(true);
		await collect(provider.stream(request(), new AbortController().signal));
		expect(workers).toHaveLength(2);
	});

	it('yields an error event instead of throwing when WebGPU is missing', async () => {
		const { provider, workers } = setup({}, { navigator: noGpuNavigator });
		expect(await collect(provider.stream(request(), new AbortController().signal))).toEqual([
			{ type: 'error', code: 'unavailable', message: WEBGPU_UNSUPPORTED_REASON },
			{ type: 'finish', reason: 'error' }
		]);
		expect(workers).toHaveLength(0);
	});

	it('finishes with abort at once when the signal is already aborted', async () => {
		const { provider, workers } = setup({ chunks: REPLY });
		expect(await collect(provider.stream(request(), AbortSignal.abort()))).toEqual([{ type: 'finish', reason: 'abort' }]);
		expect(workers).toHaveLength(0);
	});

	it('interrupts generation on abort and keeps the engine usable', async () => {
		const { provider, workers } = setup({ chunks: REPLY, gated: true });
		const controller = new AbortController();
		const events: ChatEvent[] = [];
		const iterator = provider.stream(request(), controller.signal)[Symbol.asyncIterator]();
		const first = iterator.next();
		await waitFor(() => workers[0]?.kinds().includes('completionStreamNextChunk') === true);
		workers[0]?.step();
		events.push((await first).value as ChatEvent);
		const second = iterator.next();
		controller.abort();
		events.push((await second).value as ChatEvent);
		expect(await iterator.next()).toEqual({ done: true, value: undefined });
		expect(events).toEqual([
			{ type: 'text', delta: 'Hel' },
			{ type: 'finish', reason: 'abort' }
		]);
		await waitFor(() => workers[0]?.kinds().includes('completionStreamReturn') === true);
		expect(workers[0]?.kinds()).toContain('interruptGenerate');

		// The lock was handed on: a new reply streams on the same engine.
		const stepper = setInterval(() => workers[0]?.step(), 1);
		try {
			const events = await collect(provider.stream(request(), new AbortController().signal));
			expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
		} finally {
			clearInterval(stepper);
		}
		expect(workers).toHaveLength(1);
	});

	it('interrupts generation when the consumer stops reading', async () => {
		const { provider, workers } = setup({ chunks: REPLY });
		for await (const event of provider.stream(request(), new AbortController().signal)) {
			expect(event).toEqual({ type: 'text', delta: 'Hel' });
			break;
		}
		await waitFor(() => workers[0]?.kinds().includes('completionStreamReturn') === true);
		expect(workers[0]?.kinds()).toContain('interruptGenerate');
	});

	it('finishes with abort and stops the download when aborted while loading', async () => {
		const { provider, workers } = setup({ reloadHangs: true });
		const controller = new AbortController();
		const pending = collect(provider.stream(request(), controller.signal));
		await waitFor(() => workers[0]?.kinds().includes('reload') === true);
		controller.abort();
		expect(await pending).toEqual([{ type: 'finish', reason: 'abort' }]);
		expect(workers[0]?.terminated).toBe(true);
	});

	it('runs one reply at a time', async () => {
		const { provider } = setup({ chunks: REPLY });
		const signal = new AbortController().signal;
		const order: string[] = [];
		const run = async (label: string) => {
			for await (const event of provider.stream(request(), signal)) order.push(`${label}:${event.type}`);
		};
		await Promise.all([run('a'), run('b')]);
		expect(order.slice(0, 5).every((entry) => entry.startsWith('a:'))).toBe(true);
		expect(order.slice(5).every((entry) => entry.startsWith('b:'))).toBe(true);
	});
});

describe('load and unload', () => {
	it('reports progress and resolves once the model is ready', async () => {
		const { provider, workers } = setup({
			progress: [
				{ progress: 0.1, timeElapsed: 1, text: 'Fetching' },
				{ progress: 1, timeElapsed: 2, text: 'Finish loading on WebGPU' }
			]
		});
		const progress: LoadProgress[] = [];
		await provider.load(MODEL, (report) => progress.push(report));
		expect(progress.map((report) => report.progress)).toEqual([0.1, 1]);
		expect(workers[0]?.kinds()).toContain('reload');
	});

	it('rejects with a ProviderError the UI can show as it is', async () => {
		const { provider } = setup({ reloadError: 'TypeError: Failed to fetch' });
		await expect(provider.load(MODEL, () => {})).rejects.toMatchObject({
			name: 'ProviderError',
			code: 'network',
			message: `Could not download the model ${MODEL_NAME} (Failed to fetch). Check your connection or pick another model source.`
		});
	});

	it('rejects with aborted when cancelled mid-download', async () => {
		const { provider, workers } = setup({ reloadHangs: true });
		const controller = new AbortController();
		const loading = provider.load(MODEL, () => {}, controller.signal);
		await waitFor(() => workers[0]?.kinds().includes('reload') === true);
		controller.abort();
		await expect(loading).rejects.toMatchObject({ code: 'aborted' });
		expect(workers[0]?.terminated).toBe(true);
	});

	it('unloads the model and stops the worker', async () => {
		const { provider, workers } = setup({ chunks: REPLY });
		await provider.load(MODEL, () => {});
		await provider.unload();
		expect(workers[0]?.kinds()).toContain('unload');
		expect(workers[0]?.terminated).toBe(true);
		await collect(provider.stream(request(), new AbortController().signal));
		expect(workers).toHaveLength(2);
	});
});

/** Polls `condition` on the macrotask queue (the scripted worker answers asynchronously). */
async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('waitFor timed out');
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
}
