/**
 * The search worker: indexes every message and title off the main thread and follows
 * changes from every tab. It only exposes the service; the logic lives in search/.
 */
import { expose } from 'comlink';
import { database } from '../db/database.ts';
import { SearchService } from './search/service.ts';
import { SnapshotStore } from './search/snapshotStore.ts';
import type { SearchApi } from './search/types.ts';

const service = new SearchService({ db: database(), store: new SnapshotStore() });

const api: SearchApi = {
	start: () => service.start(),
	status: () => service.status(),
	search: (request) => service.search(request),
	facets: () => service.facets(),
	related: (conversationId, limit) => service.related(conversationId, limit),
	tagsOf: (conversationId) => service.tagsOf(conversationId)
};

expose(api);
