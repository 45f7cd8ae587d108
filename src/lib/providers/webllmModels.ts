// Which of web-llm's prebuilt models the picker offers: a short, curated list of small chat
// models this device can run, smallest first. Pure, so it is tested without a GPU.
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelInfo } from '../protocol/chat.ts';

/** A WebLLM model for the picker, with what the user needs to judge whether it fits. */
export interface WebLlmModelInfo extends ModelInfo {
	source: 'webllm';
	/** GPU memory the model needs, as web-llm's model record states it. */
	vramRequiredMB: number;
	/** True when web-llm rates it runnable on limited devices such as phones. */
	lowResource: boolean;
}

/** How many models the picker shows; more small models add choice but not quality. */
export const WEBLLM_MODEL_LIMIT = 6;

/**
 * Model families worth offering, best first, by display name. Each resolves to its
 * smallest quantized variant the device supports; families with no such variant drop out,
 * which is why there are more here than WEBLLM_MODEL_LIMIT.
 */
const CURATED_FAMILIES: readonly { family: string; name: string }[] = [
	{ family: 'Qwen2.5-0.5B-Instruct', name: 'Qwen2.5 0.5B Instruct' },
	{ family: 'Llama-3.2-1B-Instruct', name: 'Llama 3.2 1B Instruct' },
	{ family: 'gemma3-1b-it', name: 'Gemma 3 1B' },
	{ family: 'SmolLM2-360M-Instruct', name: 'SmolLM2 360M Instruct' },
	{ family: 'Qwen2.5-1.5B-Instruct', name: 'Qwen2.5 1.5B Instruct' },
	{ family: 'SmolLM2-1.7B-Instruct', name: 'SmolLM2 1.7B Instruct' },
	{ family: 'Llama-3.2-3B-Instruct', name: 'Llama 3.2 3B Instruct' },
	{ family: 'Qwen2.5-3B-Instruct', name: 'Qwen2.5 3B Instruct' }
];

// `<family>-q4f16_1-MLC`: 4-bit weights with f16 or f32 compute. Unquantized (q0) builds
// are several times larger, and `-1k` builds trade context for almost no memory.
const QUANTIZED_ID = /^(?<family>.+)-(?<quant>q4f(?:16|32)_\d)-MLC$/;

/**
 * The curated chat models of `modelList` that can run with `adapterFeatures`, smallest first.
 * @param adapterFeatures the GPU's WebGPU features; undefined when unknown (then every
 *   variant is assumed runnable and loading reports what is missing).
 */
export function curateWebLlmModels(
	modelList: readonly ModelRecord[],
	adapterFeatures: readonly string[] | undefined,
	limit = WEBLLM_MODEL_LIMIT
): WebLlmModelInfo[] {
	const features = adapterFeatures === undefined ? undefined : new Set(adapterFeatures);
	const runnable = modelList.filter(
		(record) =>
			isLanguageModel(record) &&
			record.vram_required_MB !== undefined &&
			(features === undefined || (record.required_features ?? []).every((feature) => features.has(feature)))
	);
	const chosen: WebLlmModelInfo[] = [];
	for (const { family, name } of CURATED_FAMILIES) {
		const smallest = runnable
			.filter((record) => QUANTIZED_ID.exec(record.model_id)?.groups?.['family'] === family)
			.sort((a, b) => (a.vram_required_MB ?? 0) - (b.vram_required_MB ?? 0))[0];
		if (smallest !== undefined) chosen.push(toModelInfo(smallest, name));
		if (chosen.length === limit) break;
	}
	return chosen.sort((a, b) => a.vramRequiredMB - b.vramRequiredMB);
}

/** The picker's name for a model id: curated display name and size, or the id itself. */
export function webLlmDisplayName(modelId: string, modelList: readonly ModelRecord[]): string {
	const record = modelList.find((candidate) => candidate.model_id === modelId);
	const family = QUANTIZED_ID.exec(modelId)?.groups?.['family'];
	const curated = CURATED_FAMILIES.find((entry) => entry.family === family);
	if (record === undefined || curated === undefined) return modelId;
	return toModelInfo(record, curated.name).name;
}

function toModelInfo(record: ModelRecord, displayName: string): WebLlmModelInfo {
	const vramRequiredMB = Math.round(record.vram_required_MB ?? 0);
	const contextWindow = record.overrides?.context_window_size;
	return {
		id: record.model_id,
		name: `${displayName} (${formatMegabytes(vramRequiredMB)} VRAM)`,
		source: 'webllm',
		capabilities: { streaming: true, vision: false, tools: false },
		...(contextWindow !== undefined && contextWindow > 0 ? { contextWindow } : {}),
		vramRequiredMB,
		lowResource: record.low_resource_required === true
	};
}

function formatMegabytes(mb: number): string {
	return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${mb} MB`;
}

function isLanguageModel(record: ModelRecord): boolean {
	// 0 is web-llm's ModelType.LLM (embedding and vision models are 1 and 2). Comparing with
	// the literal keeps web-llm's 6 MB bundle out of the app's main chunk: this module is
	// imported eagerly, web-llm itself only when WebLLM is used.
	return (record.model_type ?? 0) === 0;
}
