// The model picker's data: every configured source's models, each list cached for ten
// minutes (in IndexedDB, so a reload or an offline start still has them).
import { liveQuery } from 'dexie';
import type { AtriumDatabase, Connection } from '../../db/database.ts';
import { cachedModelList, type ModelListStore } from '../../providers/modelListCache.ts';
import {
	EDGE_CONNECTION_ID,
	modelKey,
	ProviderRegistry,
	WEBLLM_CONNECTION_ID,
	type ModelGroup,
	type ResolvedModel
} from '../../providers/registry.ts';
import { ProviderError, type ChatProvider } from '../../providers/types.ts';

const LAST_MODEL_KEY = 'lastModel';
const EDGE_TOKEN_KEY = 'edgeAccessToken';

function dexieModelStore(db: AtriumDatabase): ModelListStore {
	return {
		get: async (key) => {
			const row = await db.modelLists.get(key);
			return row ? { models: row.models, fetchedAt: row.fetchedAt } : undefined;
		},
		set: async (key, value) => {
			await db.modelLists.put({ key, ...value });
		}
	};
}

export class ModelCatalog {
	connections = $state.raw<Connection[]>([]);
	groups = $state.raw<ModelGroup[]>([]);
	loading = $state(false);
	lastModel = $state<string | null>(null);
	/** Set when the server answered that it needs an access token. */
	edgeNeedsToken = $state(false);

	readonly registry: ProviderRegistry;
	readonly #db: AtriumDatabase;
	readonly #store: ModelListStore;
	#loadRun = 0;
	#edgeToken = '';
	#started = false;
	/** Whether this browser's models (WebGPU) are listed: only once something shows them. */
	#local = false;

	constructor(db: AtriumDatabase, registry = new ProviderRegistry()) {
		this.#db = db;
		this.registry = registry;
		this.#store = dexieModelStore(db);
	}

	/** Watches the configured connections and reloads the model lists when they change. */
	start(): () => void {
		const settings = liveQuery(() => this.#db.settings.bulkGet([LAST_MODEL_KEY, EDGE_TOKEN_KEY])).subscribe({
			next: ([lastModel, token]) => {
				if (typeof lastModel?.value === 'string') this.lastModel = lastModel.value;
				const edgeToken = typeof token?.value === 'string' ? token.value : '';
				if (edgeToken !== this.#edgeToken) {
					this.#edgeToken = edgeToken;
					this.registry.setEdgeAccessToken(edgeToken);
					if (this.#started) void this.refresh(true);
				}
			}
		});
		const connections = liveQuery(() => this.#db.connections.orderBy('createdAt').toArray()).subscribe({
			next: (rows) => {
				this.connections = rows;
				this.#started = true;
				void this.refresh();
			}
		});
		return () => {
			settings.unsubscribe();
			connections.unsubscribe();
		};
	}

	/**
	 * Lists this browser's models (WebGPU) from now on: called where they are shown (the picker
	 * opened or on one of them, a new chat's empty screen, Settings), so a stored conversation
	 * opens without the WebGPU probe and its code (decision 0038).
	 */
	wantLocalModels(): void {
		if (this.#local) return;
		this.#local = true;
		// Not in the caller's effect or render: the refresh reads and writes the catalog's state.
		if (this.#started) queueMicrotask(() => void this.refresh());
	}

	async setEdgeAccessToken(token: string): Promise<void> {
		await this.#db.settings.put({ key: EDGE_TOKEN_KEY, value: token.trim() });
	}

	resolve(key: string): ResolvedModel | null {
		return this.registry.resolve(key, this.connections);
	}

	async remember(key: string): Promise<void> {
		this.lastModel = key;
		await this.#db.settings.put({ key: LAST_MODEL_KEY, value: key });
	}

	/** The model to preselect: the conversation's, the last used, or the first listed. */
	defaultModel(): string | null {
		const all = this.groups.flatMap((g) => g.models.map((m) => m.key));
		if (this.lastModel && all.includes(this.lastModel)) return this.lastModel;
		// A WebGPU model is not listed until something asks for this browser's models: the
		// picker showing it does (decision 0038), then it is kept if it can run here.
		if (!this.#local && this.lastModel?.startsWith(`${WEBLLM_CONNECTION_ID}::`)) return this.lastModel;
		return all[0] ?? this.lastModel;
	}

	/** Reloads every source; `force` skips the ten-minute cache. */
	async refresh(force = false): Promise<void> {
		const run = ++this.#loadRun;
		this.loading = true;
		const sources: { id: string; label: string; provider: () => ChatProvider; cacheKey: string }[] = [
			{ id: EDGE_CONNECTION_ID, label: 'Server models', provider: () => this.registry.edge, cacheKey: `edge|${this.#edgeToken.length}` },
			...this.connections
				.filter((c) => c.enabled)
				.map((c) => ({
					id: c.id,
					label: c.label,
					provider: () => this.registry.forConnection(c),
					cacheKey: `${c.id}|${c.baseUrl}|${c.apiKey.length}`
				}))
		];
		const groups = await Promise.all([
			...sources.map((source) => this.#loadGroup(source, force)),
			...(this.#local ? [this.#loadWebLlm()] : [])
		]);
		if (run !== this.#loadRun) return;
		this.groups = groups.filter((g) => g.models.length > 0 || g.error);
		this.loading = false;
	}

	async #loadGroup(
		source: { id: string; label: string; provider: () => ChatProvider; cacheKey: string },
		force: boolean
	): Promise<ModelGroup> {
		try {
			const provider = source.provider();
			const models = await cachedModelList(source.cacheKey, () => provider.listModels(), {
				store: this.#store,
				...(force ? { ttlMs: 0 } : {})
			});
			if (source.id === EDGE_CONNECTION_ID) this.edgeNeedsToken = false;
			return {
				connectionId: source.id,
				label: source.label,
				models: models.map((model) => ({ key: modelKey(source.id, model.id), connectionId: source.id, model }))
			};
		} catch (error) {
			if (source.id === EDGE_CONNECTION_ID) {
				// No server keys configured is simply no server models; a refused token is
				// something the user can fix in Settings.
				const refused = error instanceof ProviderError && error.code === 'unauthorized';
				this.edgeNeedsToken = refused;
				return refused
					? { connectionId: source.id, label: source.label, models: [], error: 'The server needs an access token (Settings → Server access).' }
					: { connectionId: source.id, label: source.label, models: [] };
			}
			return {
				connectionId: source.id,
				label: source.label,
				models: [],
				error: error instanceof Error ? error.message : String(error)
			};
		}
	}

	async #loadWebLlm(): Promise<ModelGroup> {
		try {
			return await (await import('../../providers/webllmGroup.ts')).webLlmGroup(this.registry);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			return { connectionId: WEBLLM_CONNECTION_ID, label: 'In this browser (WebGPU)', models: [], error: `Could not check this browser for WebGPU (${reason}).` };
		}
	}
}
