// A provider whose SDK is imported on first use: the OpenAI and Gemini SDKs weigh about
// 160 KB gzip together, more than the whole initial-JavaScript budget (decision 0013).
import type { ChatEvent } from '../protocol/chat.ts';
import { ProviderError, type ChatProvider } from './types.ts';

/**
 * Wraps `load` (a dynamic import that builds the real provider) in a ChatProvider that
 * knows its source and label up front. A failed import (say, offline before the chunk
 * was ever cached) keeps the contract: `listModels` throws a ProviderError, `stream`
 * yields an error and `finish`.
 */
export function lazyProvider(
	source: ChatProvider['source'],
	label: string,
	load: () => Promise<ChatProvider>
): ChatProvider {
	let loading: Promise<ChatProvider> | undefined;
	const provider = (): Promise<ChatProvider> => {
		loading ??= load().catch((error: unknown) => {
			loading = undefined;
			throw new ProviderError('network', `Could not load the ${label} client. Check the connection and try again.`, {
				cause: error
			});
		});
		return loading;
	};
	return {
		source,
		label,
		async listModels(signal) {
			return (await provider()).listModels(signal);
		},
		async *stream(request, signal): AsyncIterable<ChatEvent> {
			let real: ChatProvider;
			try {
				real = await provider();
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				yield { type: 'error', code: 'network', message };
				yield { type: 'finish', reason: 'error' };
				return;
			}
			yield* real.stream(request, signal);
		}
	};
}
