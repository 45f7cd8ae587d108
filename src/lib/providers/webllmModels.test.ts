import { prebuiltAppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { curateWebLlmModels, webLlmDisplayName, WEBLLM_MODEL_LIMIT } from './webllmModels.ts';

const record = (model_id: string, vram: number, extra: Partial<ModelRecord> = {}): ModelRecord => ({
	model: `https://example.test/${model_id}`,
	model_id,
	model_lib: `https://example.test/${model_id}.wasm`,
	vram_required_MB: vram,
	low_resource_required: true,
	overrides: { context_window_size: 4096 },
	...extra
});

describe('curateWebLlmModels with a synthetic list', () => {
	const list = [
		record('Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 944.6, { required_features: ['shader-f16'] }),
		record('Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 1060.2),
		record('Qwen2.5-0.5B-Instruct-q0f16-MLC', 1624),
		record('SmolLM2-360M-Instruct-q4f16_1-MLC', 376, { required_features: ['shader-f16'] }),
		record('SmolLM2-1.7B-Instruct-q4f16_1-MLC', 1774, { required_features: ['shader-f16'] }),
		record('Llama-3.2-1B-Instruct-q4f16_1-MLC-1k', 700),
		record('snowflake-arctic-embed-m-q0f32-MLC-b4', 200, { model_type: 1 }),
		record('Some-Unlisted-Chat-q4f16_1-MLC', 100)
	];

	it('takes the smallest supported variant of each curated family, smallest first', () => {
		const models = curateWebLlmModels(list, ['shader-f16']);
		expect(models.map((model) => model.id)).toEqual([
			'SmolLM2-360M-Instruct-q4f16_1-MLC',
			'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
			'SmolLM2-1.7B-Instruct-q4f16_1-MLC'
		]);
	});

	it('falls back to f32 builds and drops f16-only families on GPUs without shader-f16', () => {
		expect(curateWebLlmModels(list, []).map((model) => model.id)).toEqual(['Qwen2.5-0.5B-Instruct-q4f32_1-MLC']);
	});

	it('assumes every variant runs when the features are unknown', () => {
		expect(curateWebLlmModels(list, undefined)).toHaveLength(3);
	});

	it('describes each model for the picker with its VRAM need', () => {
		const [smol] = curateWebLlmModels(list, ['shader-f16']);
		expect(smol).toEqual({
			id: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
			name: 'SmolLM2 360M Instruct (376 MB VRAM)',
			source: 'webllm',
			capabilities: { streaming: true, vision: false, tools: false },
			contextWindow: 4096,
			vramRequiredMB: 376,
			lowResource: true
		});
		expect(curateWebLlmModels(list, [])[0]?.name).toBe('Qwen2.5 0.5B Instruct (1.1 GB VRAM)');
	});

	it('respects the limit', () => {
		expect(curateWebLlmModels(list, ['shader-f16'], 2)).toHaveLength(2);
	});
});

describe("curateWebLlmModels with web-llm's prebuilt list", () => {
	const all = prebuiltAppConfig.model_list;

	it.each([
		['with shader-f16', ['shader-f16']],
		['without shader-f16', []]
	])('offers %s a full list of small chat models this GPU can run', (_label, features) => {
		const models = curateWebLlmModels(all, features);
		expect(models).toHaveLength(WEBLLM_MODEL_LIMIT);
		const vram = models.map((model) => model.vramRequiredMB);
		expect(vram).toEqual([...vram].sort((a, b) => a - b));
		for (const model of models) {
			const source = all.find((candidate) => candidate.model_id === model.id);
			expect(source).toBeDefined();
			for (const feature of source?.required_features ?? []) expect(features).toContain(feature);
			expect(model.vramRequiredMB).toBeLessThan(4000);
			expect(model.name).toMatch(/ \(\d+(\.\d)? (MB|GB) VRAM\)$/);
		}
	});
});

describe('webLlmDisplayName', () => {
	it('names curated models and falls back to the id', () => {
		const list = prebuiltAppConfig.model_list;
		expect(webLlmDisplayName('Qwen2.5-0.5B-Instruct-q4f16_1-MLC', list)).toBe('Qwen2.5 0.5B Instruct (945 MB VRAM)');
		expect(webLlmDisplayName('Unknown-Model-q4f16_1-MLC', list)).toBe('Unknown-Model-q4f16_1-MLC');
	});
});
