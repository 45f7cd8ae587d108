// Whether this browser can run models on its GPU, and if not, why, in words a user can act
// on. WebLLM needs WebGPU; every other model source works without it.

/** Appended to every "no WebGPU" reason: the user can still chat through another source. */
export const OTHER_SOURCES_HINT =
	'You can still chat through an OpenAI-compatible server, Gemini, or the server models.';
export const WEBGPU_UNSUPPORTED_REASON = `This browser does not support WebGPU, so models cannot run on this device. ${OTHER_SOURCES_HINT}`;
export const WEBGPU_NO_ADAPTER_REASON = `WebGPU is present but no GPU adapter is available (it may be disabled). ${OTHER_SOURCES_HINT}`;

export type WebGpuSupport =
	| {
			available: true;
			/** Vendor, architecture and description of the adapter, when the browser tells. */
			adapterInfo?: string;
			/** WebGPU features of the adapter (e.g. `shader-f16`), to pick models it can run. */
			features: string[];
	  }
	| { available: false; reason: string };

/**
 * Asks the browser for a GPU adapter. Never throws: a missing API, a null adapter or a
 * failing request all come back as `{ available: false, reason }`.
 * @param nav the Navigator to probe; defaults to the global one (tests pass fakes).
 */
export async function detectWebGpu(nav: Navigator | undefined = globalThis.navigator): Promise<WebGpuSupport> {
	// lib.dom declares `gpu` as always present; browsers without WebGPU leave it undefined.
	const gpu: GPU | undefined = nav?.gpu;
	if (gpu === undefined || gpu === null || typeof gpu.requestAdapter !== 'function') {
		return { available: false, reason: WEBGPU_UNSUPPORTED_REASON };
	}
	let adapter: GPUAdapter | null;
	try {
		adapter = await gpu.requestAdapter();
	} catch (error) {
		return {
			available: false,
			reason: `WebGPU is present but asking for a GPU adapter failed (${errorText(error)}). ${OTHER_SOURCES_HINT}`
		};
	}
	if (adapter === null || adapter === undefined) {
		return { available: false, reason: WEBGPU_NO_ADAPTER_REASON };
	}
	const adapterInfo = describeAdapter(adapter);
	const features = adapter.features === undefined ? [] : [...adapter.features];
	return adapterInfo === undefined ? { available: true, features } : { available: true, adapterInfo, features };
}

function describeAdapter(adapter: GPUAdapter): string | undefined {
	// `info` is recent (Chrome 127+); older adapters simply have none to show.
	const info: Partial<GPUAdapterInfo> | undefined = adapter.info;
	if (info === undefined) return undefined;
	const text = [info.vendor, info.architecture, info.description]
		.filter((part): part is string => typeof part === 'string' && part.length > 0)
		.join(' ');
	return text.length > 0 ? text : undefined;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
