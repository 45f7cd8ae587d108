// Which server model a shared room answers with. Apart from roomApi.ts (and its request
// schemas) so the chat header can work it out without loading them (decision 0022).
import { EDGE_CONNECTION_ID, parseModelKey, type ModelGroup } from '$lib/providers/registry.ts';

/** The server model a room uses: the conversation's, if it is one, else the first offered. */
export function roomModel(key: string | null, groups: readonly ModelGroup[]): string | null {
	const parsed = key ? parseModelKey(key) : null;
	if (parsed?.connectionId === EDGE_CONNECTION_ID) return parsed.modelId;
	return groups.find((group) => group.connectionId === EDGE_CONNECTION_ID)?.models[0]?.model.id ?? null;
}
