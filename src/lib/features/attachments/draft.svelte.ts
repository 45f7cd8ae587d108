// The files waiting in the composer: each is read as soon as it is added (so problems show
// before sending), can be removed, and is handed to the session only once it is ready.
import { MAX_ATTACHMENTS } from '../../core/documents/files.ts';
import { classifyFile } from '../../core/documents/files.ts';
// Reading files (and their error class) loads with the first file added, not with the composer.
const loadIngest = () => import('./ingest.ts');
import type { PendingAttachment, ReadyAttachment } from './types.ts';

export class AttachmentDraft {
	// Raw: the ready files go to IndexedDB as they are, and a deep proxy cannot be cloned there.
	items = $state.raw<PendingAttachment[]>([]);
	// Not reactive on purpose: only used to cancel reads, never rendered.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#controllers = new Map<string, AbortController>();

	get reading(): boolean {
		return this.items.some((item) => item.state === 'reading');
	}

	get ready(): ReadyAttachment[] {
		return this.items.flatMap((item) => (item.state === 'ready' ? [item.ready] : []));
	}

	get failed(): boolean {
		return this.items.some((item) => item.state === 'failed');
	}

	add(files: Iterable<File>): void {
		for (const file of files) {
			const key = crypto.randomUUID();
			const kind = classifyFile(file);
			if (this.items.filter((item) => item.state !== 'failed').length >= MAX_ATTACHMENTS) {
				this.items = [...this.items, { key, name: file.name, kind, state: 'failed', error: `At most ${MAX_ATTACHMENTS} files go with one message.` }];
				continue;
			}
			this.items = [...this.items, { key, name: file.name, kind, state: 'reading', progress: 'Reading…' }];
			void this.#read(key, file);
		}
	}

	async #read(key: string, file: File): Promise<void> {
		const controller = new AbortController();
		this.#controllers.set(key, controller);
		const update = (next: PendingAttachment) => {
			this.items = this.items.map((item) => (item.key === key ? next : item));
		};
		try {
			const { ingestFile } = await loadIngest();
			const ready = await ingestFile(file, {
				signal: controller.signal,
				onProgress: (progress) => {
					const item = this.items.find((candidate) => candidate.key === key);
					if (item?.state === 'reading') update({ ...item, progress });
				}
			});
			if (controller.signal.aborted) return;
			const previewUrl = ready.thumbnail ? URL.createObjectURL(ready.thumbnail) : undefined;
			update({ key, name: ready.ref.name, kind: ready.ref.kind, state: 'ready', ready, ...(previewUrl ? { previewUrl } : {}) });
		} catch (error) {
			if (controller.signal.aborted) return;
			const known = await loadIngest().then(({ AttachmentError }) => error instanceof AttachmentError, () => false);
			if (controller.signal.aborted) return;
			const message = known && error instanceof Error ? error.message : `“${file.name}” could not be read: ${error instanceof Error ? error.message : String(error)}`;
			update({ key, name: file.name, kind: classifyFile(file), state: 'failed', error: message });
		} finally {
			this.#controllers.delete(key);
		}
	}

	remove(key: string): void {
		this.#controllers.get(key)?.abort();
		const item = this.items.find((candidate) => candidate.key === key);
		if (item?.state === 'ready' && item.previewUrl) URL.revokeObjectURL(item.previewUrl);
		this.items = this.items.filter((candidate) => candidate.key !== key);
	}

	/** Empties the tray after the message (with its files) was stored. */
	clear(): void {
		for (const item of this.items) this.remove(item.key);
	}
}
