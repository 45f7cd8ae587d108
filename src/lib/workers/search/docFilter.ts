// What a search can be narrowed by, and the per-document facts the filters read: kept beside
// the full-text index (messageIndex.ts), checked for every candidate.
import type { MessageNode, MessageStatus } from '../../core/conversationTree.ts';
import type { AttachmentKind } from '../../core/documents/types.ts';
import type { ConversationTags } from './autoTags.ts';

export type DocRole = MessageNode['role'] | 'title';

export interface DocMeta {
	conversationId: string;
	role: DocRole;
	/** The model that wrote the message; null for the user's (the conversation's applies). */
	model: string | null;
	createdAt: number;
	updatedAt: number;
	status: MessageStatus;
	/** Kinds of files attached to the message, as ATTACHMENT_BITS. */
	attachments: number;
}

export interface ConversationMeta {
	id: string;
	title: string;
	model: string | null;
	updatedAt: number;
	/** Tags the user (or sync) set on the conversation. */
	tags?: string[];
	/** Computed from its words (autoTags.ts); absent until computed. */
	auto?: ConversationTags;
}

/** One bit per attachment kind, so a message's kinds fit one number. */
export const ATTACHMENT_BITS: Readonly<Record<AttachmentKind, number>> = { image: 1, pdf: 2, text: 4 };
/** The tag filter's value for a category (tags are plain words). */
export const CATEGORY_PREFIX = 'category:';

/** A message's attachment kinds as one number. */
export const attachmentBits = (node: MessageNode): number =>
	(node.attachments ?? []).reduce((bits, attachment) => bits | (ATTACHMENT_BITS[attachment.kind] ?? 0), 0);

export interface SearchFilters {
	/** Inclusive bounds on the message's time (a title's: the conversation's last update). */
	from?: number;
	to?: number;
	/** Model key (`connection::model`). */
	model?: string;
	role?: 'user' | 'assistant';
	conversationId?: string;
	/** Messages with a file of this kind (a title: its conversation has one). */
	attachment?: AttachmentKind;
	/** A conversation tag (the user's or automatic), or `category:Name`. */
	tag?: string;
}

/**
 * Whether a document passes `filters`. A title's time is its conversation's last update; a
 * title passes the attachment filter when its conversation has such a file anywhere
 * (`conversationAttachments`, asked only then).
 */
export function passes(meta: DocMeta, conversation: ConversationMeta | undefined, filters: SearchFilters, conversationAttachments: () => number): boolean {
	if (filters.conversationId && meta.conversationId !== filters.conversationId) return false;
	if (filters.role && meta.role !== filters.role) return false;
	if (filters.model && (meta.model ?? conversation?.model) !== filters.model) return false;
	const time = meta.role === 'title' ? (conversation?.updatedAt ?? meta.createdAt) : meta.createdAt;
	if (filters.from !== undefined && time < filters.from) return false;
	if (filters.to !== undefined && time > filters.to) return false;
	if (filters.attachment) {
		const bits = meta.role === 'title' ? conversationAttachments() : meta.attachments;
		if ((bits & ATTACHMENT_BITS[filters.attachment]) === 0) return false;
	}
	if (filters.tag && !hasTag(conversation, filters.tag)) return false;
	return true;
}

function hasTag(conversation: ConversationMeta | undefined, tag: string): boolean {
	if (!conversation) return false;
	if (tag.startsWith(CATEGORY_PREFIX)) return conversation.auto?.category === tag.slice(CATEGORY_PREFIX.length);
	return (conversation.tags?.includes(tag) ?? false) || (conversation.auto?.tags.includes(tag) ?? false);
}
