// What a message keeps of its attachments and of the passages its answer drew on. The
// bytes live in their own IndexedDB table; messages only hold these small references.

export type AttachmentKind = 'image' | 'pdf' | 'text';

/** A file attached to a user message (the shape Atrium JSON's `attachments[]` names). */
export interface AttachmentRef {
	id: string;
	kind: AttachmentKind;
	name: string;
	/** The stored file's type: image/webp for compressed images. */
	mimeType: string;
	/** Bytes stored. */
	size: number;
	sha256: string;
	width?: number;
	height?: number;
	/** PDF pages. */
	pages?: number;
}

/** One passage of a document that was put into a reply's context. */
export interface Citation {
	attachmentId: string;
	fileName: string;
	/** 1-based PDF page; null for a text file. */
	page: number | null;
	/** The start of the passage, to show on hover. */
	excerpt: string;
}

/** The text of one page (PDF) or of a whole text file (page null). */
export interface PageText {
	page: number | null;
	text: string;
	/** True when the text came from OCR of a scanned page. */
	ocr?: boolean;
}

/** A retrievable piece of a document; never spans two pages. */
export interface DocumentChunk {
	id: string;
	conversationId: string;
	attachmentId: string;
	fileName: string;
	page: number | null;
	/** Position within its document, for stable ordering. */
	index: number;
	text: string;
}

/** A stored attachment: the file (compressed, for images) and its thumbnail, as Blobs. */
export interface AttachmentRecord extends AttachmentRef {
	conversationId: string;
	/** The user message it came with. */
	messageId: string;
	blob: Blob;
	/** 256 px WebP preview (images only). */
	thumbnail?: Blob;
	/** The original file's size, before compression. */
	originalSize: number;
	createdAt: number;
}
