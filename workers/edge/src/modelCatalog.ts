// Lists the models each upstream offers, cached in the isolate for ten minutes so the
// model picker and the chat route's model check rarely cost an upstream round trip.
// Only plain values are cached: a promise shared across requests would tie one request's
// I/O to another's, which workerd forbids.
import type { ModelInfo } from '../../../src/lib/protocol/chat.ts';
import type { Upstream } from './upstreams.ts';

export const MODEL_LIST_TTL_MS = 10 * 60_000;
/** A hung upstream must not hang the model picker. */
const LIST_TIMEOUT_MS = 8_000;

const cache = new Map<string, { expiresAt: number; models: ModelInfo[] }>();

function cacheKey(upstream: Upstream): string {
	return `${upstream.id} ${upstream.endpoint}`;
}

/** The upstream's models (its own ids), from the cache when fresh. Failures are not cached. */
export async function listUpstreamModels(upstream: Upstream, now = Date.now()): Promise<ModelInfo[]> {
	const key = cacheKey(upstream);
	const hit = cache.get(key);
	if (hit && hit.expiresAt > now) return hit.models;
	const models = await upstream.provider.listModels(AbortSignal.timeout(LIST_TIMEOUT_MS));
	cache.set(key, { expiresAt: now + MODEL_LIST_TTL_MS, models });
	return models;
}
