// The picker's "In this browser (WebGPU)" group: whether this browser has a GPU adapter, and
// if so the models WebLLM offers; if not, why, in words the user can act on. Loaded when
// something shows this group (decision 0038): the picker opened or showing one of its models,
// a new chat's empty screen (it names every source's problem), or Settings.
import { modelKey, WEBLLM_CONNECTION_ID, type ModelGroup, type ProviderRegistry } from './registry.ts';
import { detectWebGpu } from './webgpu.ts';

export const WEBLLM_LABEL = 'In this browser (WebGPU)';

/**
 * Never throws: a missing adapter or a failed listing is the group's `error`.
 * @param nav the Navigator to probe; defaults to the global one (tests pass fakes).
 */
export async function webLlmGroup(registry: Pick<ProviderRegistry, 'webllm'>, nav?: Navigator): Promise<ModelGroup> {
	const gpu = await detectWebGpu(nav);
	if (!gpu.available) return { connectionId: WEBLLM_CONNECTION_ID, label: WEBLLM_LABEL, models: [], error: gpu.reason };
	try {
		const models = await registry.webllm.listModels();
		return {
			connectionId: WEBLLM_CONNECTION_ID,
			label: WEBLLM_LABEL,
			models: models.map((model) => ({ key: modelKey(WEBLLM_CONNECTION_ID, model.id), connectionId: WEBLLM_CONNECTION_ID, model }))
		};
	} catch (error) {
		return { connectionId: WEBLLM_CONNECTION_ID, label: WEBLLM_LABEL, models: [], error: error instanceof Error ? error.message : String(error) };
	}
}
