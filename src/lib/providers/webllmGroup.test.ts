import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../protocol/chat.ts';
import { ProviderError, type ChatProvider } from './types.ts';
import { WEBGPU_UNSUPPORTED_REASON } from './webgpu.ts';
import { WEBLLM_LABEL, webLlmGroup } from './webllmGroup.ts';

// Navigator is a browser host object; tests describe only the part detectWebGpu reads.
const withAdapter = { gpu: { requestAdapter: async () => ({ features: new Set<string>() }) } } as unknown as Navigator;

function provider(listModels: ChatProvider['listModels']): { webllm: ChatProvider } {
	return {
		webllm: {
			source: 'webllm',
			label: WEBLLM_LABEL,
			listModels,
			stream: () => {
				throw new Error('not used');
			}
		}
	};
}

const smol: ModelInfo = { id: 'SmolLM2-360M', name: 'SmolLM2 360M', source: 'webllm', capabilities: { streaming: true, vision: false, tools: false } };

describe('webLlmGroup', () => {
	it('lists no models and says why when the browser has no WebGPU, without asking WebLLM', async () => {
		let asked = false;
		const group = await webLlmGroup(
			provider(async () => {
				asked = true;
				return [];
			}),
			{} as Navigator
		);
		expect(group).toEqual({ connectionId: 'webllm', label: WEBLLM_LABEL, models: [], error: WEBGPU_UNSUPPORTED_REASON });
		expect(asked).toBe(false);
	});

	it("keys WebLLM's models under the webllm connection when an adapter exists", async () => {
		const group = await webLlmGroup(provider(async () => [smol]), withAdapter);
		expect(group.error).toBeUndefined();
		expect(group.models).toEqual([{ key: 'webllm::SmolLM2-360M', connectionId: 'webllm', model: smol }]);
	});

	it('turns a failed listing into the group error instead of throwing', async () => {
		const group = await webLlmGroup(
			provider(async () => {
				throw new ProviderError('network', 'Could not load the In this browser (WebGPU) client. Check the connection and try again.');
			}),
			withAdapter
		);
		expect(group.models).toEqual([]);
		expect(group.error).toMatch(/^Could not load the In this browser \(WebGPU\) client/);
	});
});
