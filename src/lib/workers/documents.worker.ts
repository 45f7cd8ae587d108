// Document retrieval (BM25) off the main thread; reads passages from IndexedDB itself.
import { expose } from 'comlink';
import { database } from '../db/database.ts';
import { DocumentService } from './documents/service.ts';

const service = new DocumentService(database());

export type DocumentsWorkerApi = Pick<DocumentService, 'search' | 'hasDocuments'>;

expose({
	search: (conversationId: string, query: string, limit?: number) => service.search(conversationId, query, limit),
	hasDocuments: (conversationId: string) => service.hasDocuments(conversationId)
} satisfies DocumentsWorkerApi);
