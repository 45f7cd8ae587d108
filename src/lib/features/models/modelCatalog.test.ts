import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtriumDatabase } from '../../db/database.ts';
import { WEBGPU_UNSUPPORTED_REASON } from '../../providers/webgpu.ts';
import { ModelCatalog } from './modelCatalog.svelte.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

const edgeGroup = {
	connectionId: 'edge',
	label: 'Server models',
	models: [{ key: 'edge::a', connectionId: 'edge', model: { id: 'a', name: 'A', source: 'edge' as const, capabilities: { streaming: true, vision: false, tools: false } } }]
};

describe('ModelCatalog: this browser’s models on demand (decision 0038)', () => {
	it('lists no WebGPU group until something asks for it, then lists it with its reason', async () => {
		const catalog = new ModelCatalog(db);
		const refresh = vi.spyOn(catalog, 'refresh');
		const stop = catalog.start();
		// The first listing, once the connections are read.
		await vi.waitFor(() => expect(refresh).toHaveBeenCalled());
		await refresh.mock.results[0]!.value;
		expect(catalog.loading).toBe(false);
		expect(catalog.groups.some((g) => g.connectionId === 'webllm')).toBe(false);

		catalog.wantLocalModels();
		// Node has no navigator.gpu: the group says why it has no models.
		await vi.waitFor(() => expect(catalog.groups.find((g) => g.connectionId === 'webllm')?.error).toBe(WEBGPU_UNSUPPORTED_REASON));
		stop();
	});

	it('keeps a WebGPU last model as the default until this browser’s models are listed', () => {
		const catalog = new ModelCatalog(db);
		catalog.groups = [edgeGroup];
		catalog.lastModel = 'webllm::SmolLM2-360M';
		expect(catalog.defaultModel()).toBe('webllm::SmolLM2-360M');
		catalog.wantLocalModels();
		// Listed and not among them (no GPU here): the first model listed.
		expect(catalog.defaultModel()).toBe('edge::a');
	});
});
