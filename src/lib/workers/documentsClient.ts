// The main thread's way to the document retrieval worker (one per tab, started on the
// first question in a conversation with documents).
import { wrap, type Remote } from 'comlink';
import type { DocumentsWorkerApi } from './documents.worker.ts';

let worker: Remote<DocumentsWorkerApi> | undefined;

export function documentsWorker(): Remote<DocumentsWorkerApi> {
	worker ??= wrap<DocumentsWorkerApi>(new Worker(new URL('./documents.worker.ts', import.meta.url), { type: 'module' }));
	return worker;
}
