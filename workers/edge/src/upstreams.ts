// The model providers the edge proxies to, built from its configuration, and the edge's
// model-id scheme: `<upstream>/<upstream model id>`, e.g. `openai/gpt-4o-mini`.
import type { ModelInfo } from '../../../src/lib/protocol/chat.ts';
import { createGeminiProvider } from '../../../src/lib/providers/gemini.ts';
import { createOpenAIProvider } from '../../../src/lib/providers/openai.ts';
import type { ChatProvider } from '../../../src/lib/providers/types.ts';
import type { EdgeConfig } from './config.ts';

export type UpstreamId = 'openai' | 'gemini';

export interface Upstream {
	id: UpstreamId;
	/** Names the upstream in messages to the user. */
	label: string;
	/** Identifies the upstream's endpoint for caching; never contains a key. */
	endpoint: string;
	provider: ChatProvider;
}

// One set of provider clients per configuration, so requests do not rebuild SDK clients.
const built = new WeakMap<EdgeConfig, readonly Upstream[]>();

/** The upstreams that have a key configured, OpenAI-compatible first. */
export function configuredUpstreams(config: EdgeConfig): readonly Upstream[] {
	const cached = built.get(config);
	if (cached) return cached;
	const upstreams: Upstream[] = [];
	if (config.openai) {
		const { apiKey, baseURL } = config.openai;
		const label = 'OpenAI (server)';
		upstreams.push({ id: 'openai', label, endpoint: baseURL, provider: createOpenAIProvider({ baseURL, apiKey, label }) });
	}
	if (config.gemini) {
		const { apiKey, baseURL } = config.gemini;
		const label = 'Gemini (server)';
		upstreams.push({
			id: 'gemini',
			label,
			endpoint: baseURL ?? 'gemini-default',
			provider: createGeminiProvider({ apiKey, label, ...(baseURL ? { baseUrl: baseURL } : {}) })
		});
	}
	built.set(config, upstreams);
	return upstreams;
}

/** The upstream and its own model id for an edge model id, or undefined if none serves it. */
export function resolveModel(
	upstreams: readonly Upstream[],
	edgeModelId: string
): { upstream: Upstream; modelId: string } | undefined {
	// Split at the first slash only: upstream ids may contain slashes (`meta-llama/...`).
	const slash = edgeModelId.indexOf('/');
	if (slash <= 0 || slash === edgeModelId.length - 1) return undefined;
	const prefix = edgeModelId.slice(0, slash);
	const upstream = upstreams.find((candidate) => candidate.id === prefix);
	return upstream && { upstream, modelId: edgeModelId.slice(slash + 1) };
}

/** An upstream's model as the edge offers it: namespaced id, a name saying where it runs. */
export function toEdgeModel(upstream: Upstream, model: ModelInfo): ModelInfo {
	return {
		...model,
		id: `${upstream.id}/${model.id}`,
		name: `${model.name} · server`,
		source: 'edge'
	};
}
