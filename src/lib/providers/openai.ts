// OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp, OpenRouter,
// the runner) through the official `openai` SDK. Runs in the browser and in Workers.
import OpenAI from 'openai';
import type {
	ChatCompletionChunk,
	ChatCompletionContentPart,
	ChatCompletionCreateParamsStreaming,
	ChatCompletionMessageParam
} from 'openai/resources/chat/completions';
import type { ChatEvent, ChatMessage, ChatRequest, FinishReason, ModelInfo } from '../protocol/chat.ts';
import { guessVision } from './vision.ts';
import { endOfStream } from './streamEnd.ts';
import { failureEvents, toProviderError, type ErrorContext } from './errors.ts';
import { ProviderError, type ChatProvider } from './types.ts';

export interface OpenAIProviderOptions {
	/** Base URL including the version path, e.g. `https://api.openai.com/v1`. */
	baseURL: string;
	/** May be empty for local servers that need no key (Ollama, LM Studio). */
	apiKey: string;
	label?: string;
	fetch?: typeof fetch;
}

/** Time allowed until the response headers arrive; a local server may be loading its model. */
const REPLY_START_TIMEOUT_MS = 120_000;
const LIST_TIMEOUT_MS = 20_000;

/** OpenAI's list holds every kind of model; these cannot answer a chat completion. */
const NOT_CHAT_MODEL = /embed|whisper|tts|dall-e|moderation|transcribe|realtime|audio|image|sora|^(davinci|babbage)/i;

export function createOpenAIProvider(options: OpenAIProviderOptions): ChatProvider {
	const baseURL = options.baseURL.trim().replace(/\/+$/, '');
	const label = options.label ?? defaultLabel(baseURL);
	const context: ErrorContext = { label, endpoint: baseURL };
	const isOpenAI = hostOf(baseURL) === 'api.openai.com';
	let client: OpenAI | undefined;

	function getClient(): OpenAI {
		if (!hostOf(baseURL)) {
			throw new ProviderError('invalid_request', `“${options.baseURL}” is not a valid URL. It should look like http://localhost:11434/v1.`);
		}
		client ??= new OpenAI({
			baseURL,
			// The SDK insists on a key; keyless local servers get a placeholder and no header.
			apiKey: options.apiKey || 'no-key',
			...(options.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
			// Never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID from a Node or Worker environment.
			organization: null,
			project: null,
			// Users bring their own key and it stays in their own browser, talking straight to
			// the provider they chose; there is no server of ours to hide it behind. That is
			// the risk this flag asks us to acknowledge.
			dangerouslyAllowBrowser: true,
			// A retried stream would repeat output the user has already seen; the UI offers retry.
			maxRetries: 0,
			...(options.fetch ? { fetch: options.fetch } : {})
		});
		return client;
	}

	return {
		source: 'openai',
		label,

		async listModels(signal) {
			try {
				const models: ModelInfo[] = [];
				for await (const model of getClient().models.list({ signal, timeout: LIST_TIMEOUT_MS })) {
					if (NOT_CHAT_MODEL.test(model.id)) continue;
					models.push(toModelInfo(model));
				}
				return models.sort((a, b) => a.id.localeCompare(b.id));
			} catch (error) {
				throw toProviderError(error, { ...context, signal });
			}
		},

		async *stream(request, signal) {
			let finish: FinishReason | undefined;
			let usage: ChatEvent | undefined;
			try {
				const completion = await getClient().chat.completions.create(toParams(request, isOpenAI), {
					signal,
					timeout: REPLY_START_TIMEOUT_MS
				});
				for await (const chunk of completion) {
					for (const choice of chunk.choices) {
						if (choice.index !== 0) continue;
						if (choice.delta?.content) yield { type: 'text', delta: choice.delta.content };
						if (choice.finish_reason) finish = toFinishReason(choice.finish_reason);
					}
					if (chunk.usage) {
						usage = { type: 'usage', inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
					}
				}
			} catch (error) {
				yield* failureEvents(error, { ...context, signal });
				return;
			}
			yield* endOfStream({ aborted: signal.aborted, usage, finish, label });
		}
	};
}

function toParams(request: ChatRequest, isOpenAI: boolean): ChatCompletionCreateParamsStreaming {
	const params: ChatCompletionCreateParamsStreaming = {
		model: request.model,
		messages: request.messages.map(toWireMessage),
		stream: true,
		stream_options: { include_usage: true }
	};
	if (request.temperature !== undefined) params.temperature = request.temperature;
	if (request.responseFormat) {
		// Not `strict`: strict mode refuses schemas with optional properties, which users write.
		const { name, schema } = request.responseFormat;
		params.response_format = { type: 'json_schema', json_schema: { name, schema, strict: false } };
	}
	if (request.maxTokens !== undefined) {
		// OpenAI's reasoning models reject `max_tokens`; many compatible servers only know it.
		if (isOpenAI) params.max_completion_tokens = request.maxTokens;
		else params.max_tokens = request.maxTokens;
	}
	return params;
}

/** A user message with images becomes content parts: the text, then each image as a data URL. */
function toWireMessage(message: ChatMessage): ChatCompletionMessageParam {
	if (message.role !== 'user' || !message.images?.length) return { role: message.role, content: message.content };
	const parts: ChatCompletionContentPart[] = [];
	if (message.content) parts.push({ type: 'text', text: message.content });
	for (const image of message.images) {
		parts.push({ type: 'image_url', image_url: { url: `data:${image.mimeType};base64,${image.data}` } });
	}
	return { role: 'user', content: parts };
}

function toFinishReason(reason: ChatCompletionChunk.Choice['finish_reason']): FinishReason {
	switch (reason) {
		case 'length':
			return 'length';
		case 'content_filter':
			return 'content_filter';
		case 'tool_calls':
		case 'function_call':
			return 'tool_calls';
		default:
			return 'stop';
	}
}

/** OpenRouter and vLLM declare the context size; OpenAI itself does not. */
function toModelInfo(model: OpenAI.Models.Model): ModelInfo {
	const extra = model as OpenAI.Models.Model & { context_length?: unknown; max_model_len?: unknown };
	const context = [extra.context_length, extra.max_model_len].find(
		(n): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0
	);
	return {
		id: model.id,
		name: model.id,
		source: 'openai',
		// The list says nothing about vision or tools: vision is known from the model's
		// family name (gpt-4o, llava, …), tools are not claimed.
		capabilities: { streaming: true, vision: guessVision(model.id), tools: false },
		...(context !== undefined ? { contextWindow: context } : {})
	};
}

function defaultLabel(baseURL: string): string {
	const host = hostOf(baseURL);
	if (host === 'api.openai.com') return 'OpenAI';
	return host ? `OpenAI-compatible (${host})` : 'OpenAI-compatible';
}

function hostOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host : undefined;
	} catch {
		return undefined;
	}
}
