import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../protocol/chat.ts';
import { lazyProvider } from './lazyProvider.ts';
import { ProviderError, type ChatProvider } from './types.ts';

const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

function realProvider(): ChatProvider {
	return {
		source: 'openai',
		label: 'Real',
		listModels: async () => [
			{ id: 'm', name: 'M', source: 'openai', capabilities: { streaming: true, vision: false, tools: false } }
		],
		async *stream() {
			yield { type: 'text', delta: 'hello' };
			yield { type: 'finish', reason: 'stop' };
		}
	};
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
	const out: ChatEvent[] = [];
	for await (const event of events) out.push(event);
	return out;
}

describe('lazyProvider', () => {
	it('loads the real provider once, on first use, and passes calls through', async () => {
		let loads = 0;
		const provider = lazyProvider('openai', 'Mine', async () => {
			loads++;
			return realProvider();
		});
		expect(provider.label).toBe('Mine');
		expect(loads).toBe(0);
		expect((await provider.listModels()).map((m) => m.id)).toEqual(['m']);
		expect(await collect(provider.stream(request, new AbortController().signal))).toEqual([
			{ type: 'text', delta: 'hello' },
			{ type: 'finish', reason: 'stop' }
		]);
		expect(loads).toBe(1);
	});

	it('keeps the provider contract when the import fails, and retries on the next call', async () => {
		let fail = true;
		const provider = lazyProvider('gemini', 'Gem', async () => {
			if (fail) throw new TypeError('Failed to fetch dynamically imported module');
			return realProvider();
		});
		await expect(provider.listModels()).rejects.toBeInstanceOf(ProviderError);
		expect(await collect(provider.stream(request, new AbortController().signal))).toEqual([
			{ type: 'error', code: 'network', message: 'Could not load the Gem client. Check the connection and try again.' },
			{ type: 'finish', reason: 'error' }
		]);
		fail = false;
		expect(await provider.listModels()).toHaveLength(1);
	});
});
