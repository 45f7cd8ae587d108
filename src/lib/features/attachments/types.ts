// An attachment between being picked and being sent: read and compressed already, held in
// memory (Blobs) until the message is stored.
import type { AttachmentRef, PageText } from '../../core/documents/types.ts';

export interface ReadyAttachment {
	ref: AttachmentRef;
	blob: Blob;
	thumbnail?: Blob;
	originalSize: number;
	/** Text of a PDF (per page) or of a text file (one page, null). */
	pages?: PageText[];
	/** Something the user should know although it worked (e.g. pages that could not be read). */
	note?: string;
}

export type PendingAttachment =
	| { key: string; name: string; kind: AttachmentRef['kind'] | null; state: 'reading'; progress: string }
	| { key: string; name: string; kind: AttachmentRef['kind']; state: 'ready'; ready: ReadyAttachment; previewUrl?: string }
	| { key: string; name: string; kind: AttachmentRef['kind'] | null; state: 'failed'; error: string };
