// Google's Gemini Developer API through `@google/genai`. Runs in the browser and in Workers.
import { FinishReason as GeminiFinish, GoogleGenAI, type Content, type GenerateContentConfig, type Part } from '@google/genai';
import type { ChatEvent, ChatMessage, ChatRequest, FinishReason, ModelInfo } from '../protocol/chat.ts';
import { endOfStream } from './streamEnd.ts';
import { guessVision } from './vision.ts';
import { failureEvents, toProviderError, type ErrorContext } from './errors.ts';
import { ProviderError, type ChatProvider } from './types.ts';
import { splitGeminiBase } from './geminiBase.ts';

export interface GeminiProviderOptions {
	apiKey: string;
	/** Defaults to Google's endpoint; a trailing `/v1beta` or `/v1` picks that API version. */
	baseUrl?: string;
	label?: string;
}

const LIST_TIMEOUT_MS = 20_000;
/** Listed for generateContent but they answer with audio only. */
const NOT_TEXT_MODEL = /-tts\b|native-audio/i;

export function createGeminiProvider(options: GeminiProviderOptions): ChatProvider {
	const label = options.label ?? 'Gemini';
	const { baseUrl, apiVersion } = splitGeminiBase(options.baseUrl);
	const context: ErrorContext = { label, ...(baseUrl ? { endpoint: baseUrl } : {}) };
	// v1beta is where Google serves every model AI Studio offers, previews included; the
	// SDK's own default has moved between versions across releases, so it is pinned.
	const ai = new GoogleGenAI({
		apiKey: options.apiKey,
		apiVersion,
		...(baseUrl ? { httpOptions: { baseUrl } } : {})
	});

	return {
		source: 'gemini',
		label,

		async listModels(signal) {
			try {
				const pager = await ai.models.list({
					config: { httpOptions: { timeout: LIST_TIMEOUT_MS }, ...(signal ? { abortSignal: signal } : {}) }
				});
				const models: ModelInfo[] = [];
				for await (const model of pager) {
					const id = model.name?.replace(/^models\//, '');
					if (!id || !model.supportedActions?.includes('generateContent') || NOT_TEXT_MODEL.test(id)) continue;
					models.push({
						id,
						name: model.displayName || id,
						source: 'gemini',
						// The list does not declare input kinds: every Gemini chat model reads images
						// (Gemma and similar are judged by name); tools are not claimed.
						capabilities: { streaming: true, vision: guessVision(id), tools: false },
						...(model.inputTokenLimit ? { contextWindow: model.inputTokenLimit } : {})
					});
				}
				return models;
			} catch (error) {
				throw toProviderError(error, { ...context, signal });
			}
		},

		async *stream(request, signal) {
			let finish: FinishReason | undefined;
			let usage: ChatEvent | undefined;
			try {
				const { contents, systemInstruction } = toContents(request.messages);
				const responses = await ai.models.generateContentStream({
					model: request.model,
					contents,
					config: toConfig(request, systemInstruction, signal)
				});
				for await (const response of responses) {
					const candidate = response.candidates?.[0];
					for (const part of candidate?.content?.parts ?? []) {
						// Thought summaries are not part of the answer.
						if (part.text && !part.thought) yield { type: 'text', delta: part.text };
					}
					if (candidate?.finishReason) finish = toFinishReason(candidate.finishReason);
					if (response.promptFeedback?.blockReason) finish = 'content_filter';
					const meta = response.usageMetadata;
					if (meta) {
						usage = {
							type: 'usage',
							inputTokens: meta.promptTokenCount ?? 0,
							// Thinking tokens are billed as output.
							outputTokens: (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0)
						};
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

/**
 * System messages become the system instruction; assistant turns are role "model".
 * Consecutive turns of one role are merged, since Gemini expects user and model to alternate.
 */
export function toContents(messages: readonly ChatMessage[]): { contents: Content[]; systemInstruction?: string } {
	const system: string[] = [];
	const contents: Content[] = [];
	for (const message of messages) {
		if (message.role === 'system') {
			system.push(message.content);
			continue;
		}
		const role = message.role === 'assistant' ? 'model' : 'user';
		const parts: Part[] = [{ text: message.content }];
		for (const image of message.images ?? []) parts.push({ inlineData: { mimeType: image.mimeType, data: image.data } });
		const previous = contents.at(-1);
		if (previous?.role === role) previous.parts?.push(...parts);
		else contents.push({ role, parts });
	}
	if (contents.length === 0) throw new ProviderError('invalid_request', 'There is no message to answer yet.');
	return { contents, ...(system.length > 0 ? { systemInstruction: system.join('\n\n') } : {}) };
}

function toConfig(request: ChatRequest, systemInstruction: string | undefined, signal: AbortSignal): GenerateContentConfig {
	return {
		abortSignal: signal,
		...(systemInstruction !== undefined ? { systemInstruction } : {}),
		...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
		...(request.maxTokens !== undefined ? { maxOutputTokens: request.maxTokens } : {}),
		// JSON Schema as it is (`responseSchema` takes only an OpenAPI subset).
		...(request.responseFormat ? { responseMimeType: 'application/json', responseJsonSchema: request.responseFormat.schema } : {})
	};
}

function toFinishReason(reason: GeminiFinish): FinishReason {
	switch (reason) {
		case GeminiFinish.MAX_TOKENS:
			return 'length';
		case GeminiFinish.SAFETY:
		case GeminiFinish.RECITATION:
		case GeminiFinish.BLOCKLIST:
		case GeminiFinish.PROHIBITED_CONTENT:
		case GeminiFinish.SPII:
		case GeminiFinish.IMAGE_SAFETY:
		case GeminiFinish.IMAGE_PROHIBITED_CONTENT:
			return 'content_filter';
		default:
			return 'stop';
	}
}
