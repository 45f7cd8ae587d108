// Every model the user can pick, from every configured source, under one key scheme:
// `connectionId::modelId`. Connections are the edge (server-held keys), WebLLM (this
// browser's GPU) and the OpenAI-compatible / Gemini endpoints the user added.
import type { Connection } from '../db/database.ts';
import type { ModelInfo } from '../protocol/chat.ts';
import { createEdgeProvider } from './edgeProxy.ts';
import { lazyProvider } from './lazyProvider.ts';
import type { ChatProvider } from './types.ts';

export const EDGE_CONNECTION_ID = 'edge';
export const WEBLLM_CONNECTION_ID = 'webllm';

export interface ResolvedModel {
	provider: ChatProvider;
	modelId: string;
}

export interface ModelChoice {
	key: string;
	connectionId: string;
	model: ModelInfo;
}

export interface ModelGroup {
	connectionId: string;
	label: string;
	models: ModelChoice[];
	/** Why this source has no models right now, in words for the user. */
	error?: string;
}

export function modelKey(connectionId: string, modelId: string): string {
	return `${connectionId}::${modelId}`;
}

/** A model listed in `groups` under `key` (the first such), if any. */
export function findModel(groups: readonly ModelGroup[], key: string | null): ModelInfo | undefined {
	if (!key) return undefined;
	for (const group of groups) for (const choice of group.models) if (choice.key === key) return choice.model;
	return undefined;
}

export function parseModelKey(key: string): { connectionId: string; modelId: string } | null {
	const at = key.indexOf('::');
	if (at <= 0 || at === key.length - 2) return null;
	return { connectionId: key.slice(0, at), modelId: key.slice(at + 2) };
}

/** The model id of a key without its connection ('' for no key or a malformed one). */
export const modelIdOf = (key: string | null): string => (key && parseModelKey(key)?.modelId) ?? '';

/** Builds (and keeps) one provider per connection. */
export class ProviderRegistry {
	#edge: ChatProvider;
	readonly #edgeBaseUrl: string;
	#webllm: ChatProvider | undefined;
	#custom = new Map<string, { signature: string; provider: ChatProvider }>();

	constructor(options: { edgeBaseUrl?: string } = {}) {
		this.#edgeBaseUrl = options.edgeBaseUrl ?? '';
		this.#edge = createEdgeProvider({ baseUrl: this.#edgeBaseUrl });
	}

	get edge(): ChatProvider {
		return this.#edge;
	}

	/** The token the edge asks for when it runs with EDGE_ACCESS_TOKEN (empty: none). */
	setEdgeAccessToken(token: string): void {
		const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
		this.#edge = createEdgeProvider({ baseUrl: this.#edgeBaseUrl, headers });
	}

	/** Loaded on first use too: only a browser with a GPU adapter lists its models. */
	get webllm(): ChatProvider {
		this.#webllm ??= lazyProvider('webllm', 'In this browser (WebGPU)', async () => (await import('./webllm.ts')).createWebLlmProvider());
		return this.#webllm;
	}

	forConnection(connection: Connection): ChatProvider {
		const signature = `${connection.kind}|${connection.baseUrl}|${connection.apiKey}|${connection.label}`;
		const known = this.#custom.get(connection.id);
		if (known?.signature === signature) return known.provider;
		// The SDKs load on first use, so the app shell stays small (decision 0013).
		const provider =
			connection.kind === 'openai'
				? lazyProvider('openai', connection.label, async () =>
						(await import('./openai.ts')).createOpenAIProvider({
							baseURL: connection.baseUrl,
							apiKey: connection.apiKey,
							label: connection.label
						})
					)
				: lazyProvider('gemini', connection.label, async () =>
						(await import('./gemini.ts')).createGeminiProvider({
							apiKey: connection.apiKey,
							baseUrl: connection.baseUrl || undefined,
							label: connection.label
						})
					);
		this.#custom.set(connection.id, { signature, provider });
		return provider;
	}

	/** The provider behind a model key, or null when its connection is gone or disabled. */
	resolve(key: string, connections: readonly Connection[]): ResolvedModel | null {
		const parsed = parseModelKey(key);
		if (!parsed) return null;
		if (parsed.connectionId === EDGE_CONNECTION_ID) return { provider: this.#edge, modelId: parsed.modelId };
		if (parsed.connectionId === WEBLLM_CONNECTION_ID) return { provider: this.webllm, modelId: parsed.modelId };
		const connection = connections.find((c) => c.id === parsed.connectionId && c.enabled);
		return connection ? { provider: this.forConnection(connection), modelId: parsed.modelId } : null;
	}
}
