import type { ChatCompletionChunk, ChatCompletionFinishReason } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { chatEventSchema } from '../protocol/chat.ts';
import { OTHER_SOURCES_HINT } from './webgpu.ts';
import { chunkToEvents, describeGenerationFailure, describeLoadFailure, toWebLlmRequest } from './webllmEvents.ts';

const chunk = (
	content: string | null | undefined,
	finishReason: ChatCompletionFinishReason | null = null,
	usage?: ChatCompletionChunk['usage']
): ChatCompletionChunk => ({
	id: 'chatcmpl-1',
	object: 'chat.completion.chunk',
	created: 0,
	model: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
	choices: content === undefined && finishReason === null ? [] : [{ index: 0, delta: { content }, finish_reason: finishReason }],
	...(usage ? { usage } : {})
});

const usage = (prompt: number, completion: number): NonNullable<ChatCompletionChunk['usage']> => ({
	prompt_tokens: prompt,
	completion_tokens: completion,
	total_tokens: prompt + completion,
	extra: {
		e2e_latency_s: 1,
		prefill_tokens_per_s: 100,
		decode_tokens_per_s: 20,
		time_to_first_token_s: 0.2,
		time_per_output_token_s: 0.05
	}
});

describe('toWebLlmRequest', () => {
	it('asks for a stream with usage and passes messages and settings through', () => {
		expect(
			toWebLlmRequest({
				model: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
				messages: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: 'Hi' },
					{ role: 'assistant', content: 'Hello!' },
					{ role: 'user', content: 'Bye' }
				],
				temperature: 0.3,
				maxTokens: 64
			})
		).toEqual({
			model: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hi' },
				{ role: 'assistant', content: 'Hello!' },
				{ role: 'user', content: 'Bye' }
			],
			stream: true,
			stream_options: { include_usage: true },
			temperature: 0.3,
			max_tokens: 64
		});
	});

	it('folds every system message into one leading system message', () => {
		const request = toWebLlmRequest({
			model: 'm',
			messages: [
				{ role: 'user', content: 'Hi' },
				{ role: 'system', content: 'Rule one.' },
				{ role: 'system', content: 'Rule two.' },
				{ role: 'user', content: 'Go' }
			]
		});
		expect(request.messages).toEqual([
			{ role: 'system', content: 'Rule one.\n\nRule two.' },
			{ role: 'user', content: 'Hi' },
			{ role: 'user', content: 'Go' }
		]);
		expect(request).not.toHaveProperty('temperature');
		expect(request).not.toHaveProperty('max_tokens');
	});
});

describe('chunkToEvents', () => {
	it('turns a content delta into a text event', () => {
		expect(chunkToEvents(chunk('Hel'))).toEqual({ events: [{ type: 'text', delta: 'Hel' }] });
	});

	it('skips empty and missing deltas', () => {
		expect(chunkToEvents(chunk('')).events).toEqual([]);
		expect(chunkToEvents(chunk(null)).events).toEqual([]);
	});

	it.each(['stop', 'length', 'abort', 'tool_calls'] as const)('reports finish_reason %s without emitting finish', (reason) => {
		expect(chunkToEvents(chunk('.', reason))).toEqual({ events: [{ type: 'text', delta: '.' }], finishReason: reason });
	});

	it('turns the final usage chunk into a usage event', () => {
		const events = chunkToEvents(chunk(undefined, null, usage(12, 34))).events;
		expect(events).toEqual([{ type: 'usage', inputTokens: 12, outputTokens: 34 }]);
		for (const event of events) chatEventSchema.parse(event);
	});
});

describe('describeLoadFailure', () => {
	const name = 'Qwen2.5 0.5B Instruct (945 MB VRAM)';

	it.each([
		['TypeError: Failed to fetch', 'Failed to fetch'],
		['TypeError: NetworkError when attempting to fetch resource.', 'NetworkError when attempting to fetch resource.'],
		['TypeError: Load failed', 'Load failed'],
		["TypeError: Failed to execute 'add' on 'Cache': Request failed", "Failed to execute 'add' on 'Cache': Request failed"],
		['Error: Cannot fetch https://huggingface.co/x/resolve/main/mlc-chat-config.json', 'Cannot fetch https://huggingface.co/x/resolve/main/mlc-chat-config.json']
	])('calls %j a download failure', (error, detail) => {
		expect(describeLoadFailure(error, name)).toEqual({
			code: 'network',
			message: `Could not download the model ${name} (${detail}). Check your connection or pick another model source.`
		});
	});

	it('reads Error objects as well as the strings web-llm sends across the worker', () => {
		expect(describeLoadFailure(new TypeError('Failed to fetch'), name).message).toBe(
			`Could not download the model ${name} (Failed to fetch). Check your connection or pick another model source.`
		);
	});

	it('explains a full disk', () => {
		const failure = describeLoadFailure('QuotaExceededError: The quota has been exceeded.', name);
		expect(failure.code).toBe('unavailable');
		expect(failure.message).toMatch(/^There is not enough storage in this browser to keep the model /);
	});

	it('explains missing WebGPU and points at other sources', () => {
		const failure = describeLoadFailure(
			'WebGPUNotAvailableError: WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine.',
			name
		);
		expect(failure).toEqual({
			code: 'unavailable',
			message: `The model ${name} cannot run because WebGPU is not available here. ${OTHER_SOURCES_HINT}`
		});
	});

	it('explains a missing shader-f16 feature', () => {
		const failure = describeLoadFailure('ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled in this browser.', name);
		expect(failure.code).toBe('unavailable');
		expect(failure.message).toMatch(/^This GPU lacks a feature the model .* needs \(This model requires WebGPU extension shader-f16/);
	});

	it('explains a lost device as running out of GPU memory', () => {
		expect(describeLoadFailure('DeviceLostError: The WebGPU device was lost while loading the model.', name)).toEqual({
			code: 'unavailable',
			message: `The GPU ran out of memory loading the model ${name}. Pick a smaller model or another model source.`
		});
	});

	it('does not take a model name containing OOM for an out-of-memory error', () => {
		expect(describeLoadFailure('Error: something odd', 'BLOOM 560M').message).toBe(
			'Could not load the model BLOOM 560M (something odd). Pick another model or model source.'
		);
	});

	it('keeps long details short', () => {
		const message = describeLoadFailure(`Error: ${'x'.repeat(1000)}`, name).message;
		expect(message.length).toBeLessThan(400);
		expect(message).toContain('…');
	});
});

describe('describeGenerationFailure', () => {
	it('maps a context overflow to too_large', () => {
		expect(describeGenerationFailure('ContextWindowSizeExceededError: Prompt tokens exceed context window size: 5000 > 4096', 'M').code).toBe('too_large');
	});

	it('maps anything else to upstream_error with the detail', () => {
		expect(describeGenerationFailure(new Error('kernel panic'), 'M')).toEqual({
			code: 'upstream_error',
			message: 'The model M stopped with an error (kernel panic).'
		});
	});
});
