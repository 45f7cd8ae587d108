import { describe, expect, it } from 'vitest';
import { detectWebGpu, OTHER_SOURCES_HINT, WEBGPU_NO_ADAPTER_REASON, WEBGPU_UNSUPPORTED_REASON } from './webgpu.ts';

// Navigator is a browser host object; tests describe only the part detectWebGpu reads.
const fakeNavigator = (gpu: unknown): Navigator => ({ gpu }) as unknown as Navigator;

describe('detectWebGpu', () => {
	it('says the browser lacks WebGPU when navigator.gpu is missing', async () => {
		expect(await detectWebGpu({} as Navigator)).toEqual({ available: false, reason: WEBGPU_UNSUPPORTED_REASON });
		expect(WEBGPU_UNSUPPORTED_REASON).toMatch(/^This browser does not support WebGPU/);
	});

	it('says no adapter is available when requestAdapter() gives null', async () => {
		const result = await detectWebGpu(fakeNavigator({ requestAdapter: async () => null }));
		expect(result).toEqual({ available: false, reason: WEBGPU_NO_ADAPTER_REASON });
		expect(WEBGPU_NO_ADAPTER_REASON).toMatch(/^WebGPU is present but no GPU adapter is available \(it may be disabled\)/);
	});

	it('reports a failing requestAdapter() instead of throwing', async () => {
		const result = await detectWebGpu(
			fakeNavigator({
				requestAdapter: async () => {
					throw new Error('GPU process crashed');
				}
			})
		);
		expect(result).toEqual({
			available: false,
			reason: `WebGPU is present but asking for a GPU adapter failed (GPU process crashed). ${OTHER_SOURCES_HINT}`
		});
	});

	it('points every unavailable reason at the other model sources', () => {
		for (const reason of [WEBGPU_UNSUPPORTED_REASON, WEBGPU_NO_ADAPTER_REASON]) {
			expect(reason).toContain('OpenAI-compatible server');
			expect(reason).toContain('Gemini');
			expect(reason).toContain('server models');
		}
	});

	it('describes an adapter and lists its features', async () => {
		const adapter = {
			info: { vendor: 'google', architecture: 'swiftshader', description: '', device: '' },
			features: new Set(['shader-f16', 'timestamp-query'])
		};
		expect(await detectWebGpu(fakeNavigator({ requestAdapter: async () => adapter }))).toEqual({
			available: true,
			adapterInfo: 'google swiftshader',
			features: ['shader-f16', 'timestamp-query']
		});
	});

	it('leaves adapterInfo out when the browser tells nothing about the adapter', async () => {
		const adapter = { features: new Set<string>() };
		expect(await detectWebGpu(fakeNavigator({ requestAdapter: async () => adapter }))).toEqual({ available: true, features: [] });
	});
});
