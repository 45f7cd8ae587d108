/**
 * The main thread's way to the embedding worker: one per tab, started when search or a
 * conversation's Related panel first needs it. Without Worker there are no semantic features.
 */
import { wrap } from 'comlink';
import type { EmbeddingStatus } from '../core/embeddings/types.ts';

export type { EmbeddingStatus } from '../core/embeddings/types.ts';

/** What `embed.worker.ts` exposes. */
export interface EmbedApi {
	/** Loads the model if semantic features are on, embeds what is missing, follows changes. */
	start(): Promise<EmbeddingStatus>;
	status(): EmbeddingStatus;
	search(query: string, limit?: number): Promise<{ ids: string[]; scores: number[] }>;
	related(conversationId: string, limit?: number): { conversationId: string; score: number }[];
	passages(conversationId: string, query: string, limit?: number): Promise<{ ids: string[]; scores: number[] }>;
}

/** The service's methods, asynchronous because they cross a thread. */
export type EmbedClient = { [K in keyof EmbedApi]: (...args: Parameters<EmbedApi[K]>) => Promise<Awaited<ReturnType<EmbedApi[K]>>> };

const UNSUPPORTED: EmbedClient = {
	start: async () => ({ state: 'unavailable', reason: 'This browser cannot run the embedding model (no Web Workers).', embedded: 0, pending: 0 }),
	status: async () => ({ state: 'unavailable', reason: 'This browser cannot run the embedding model (no Web Workers).', embedded: 0, pending: 0 }),
	search: async () => ({ ids: [], scores: [] }),
	related: async () => [],
	passages: async () => ({ ids: [], scores: [] })
};

let shared: EmbedClient | undefined;

export function getEmbedClient(): EmbedClient {
	shared ??= typeof Worker === 'undefined' ? UNSUPPORTED : wrap<EmbedClient>(new Worker(new URL('./embed.worker.ts', import.meta.url), { type: 'module' }));
	return shared;
}
