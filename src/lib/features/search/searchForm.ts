// The search page's form, as plain values, and how it becomes a query for the worker and
// a link for each hit.
import type { SearchFilters, SearchHit } from '../../workers/search/types.ts';

export interface FilterForm {
	/** `YYYY-MM-DD` from a date input, or empty. */
	from: string;
	to: string;
	/** Model key, or empty for any. */
	model: string;
	role: '' | 'user' | 'assistant';
	conversationId: string;
	/** Attachment kind, or empty for messages with or without files. */
	attachment: '' | 'image' | 'pdf' | 'text';
	/** A tag, `category:Name`, or empty. */
	tag: string;
}

export const emptyFilters = (): FilterForm => ({ from: '', to: '', model: '', role: '', conversationId: '', attachment: '', tag: '' });

/** Local midnight of a `YYYY-MM-DD` date, or null for an empty or malformed one. */
function localDay(value: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return null;
	const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	return Number.isNaN(date.getTime()) ? null : date;
}

/** The worker's filters: `to` takes in the whole of its day, in the user's time zone. */
export function toFilters(form: FilterForm): SearchFilters {
	const filters: SearchFilters = {};
	const from = localDay(form.from);
	const to = localDay(form.to);
	if (from) filters.from = from.getTime();
	if (to) filters.to = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).getTime() - 1;
	if (form.model) filters.model = form.model;
	if (form.role) filters.role = form.role;
	if (form.conversationId) filters.conversationId = form.conversationId;
	if (form.attachment) filters.attachment = form.attachment;
	if (form.tag) filters.tag = form.tag;
	return filters;
}

export function hasFilters(form: FilterForm): boolean {
	return Object.values(form).some((value) => value !== '');
}

/** Where a hit leads: the conversation, scrolled to the message when it is one. */
export function hitHref(hit: Pick<SearchHit, 'conversationId' | 'messageId'>): string {
	const base = `/c/${encodeURIComponent(hit.conversationId)}`;
	return hit.messageId ? `${base}?m=${encodeURIComponent(hit.messageId)}` : base;
}

/** `server::gpt-4o` → `gpt-4o`: the part a person recognises. */
export function modelName(key: string): string {
	return key.split('::')[1] ?? key;
}

export interface ConversationChoice {
	id: string;
	title: string;
}

/**
 * The conversation filter's choices: those met in results so far, oldest first, the
 * newest `max` kept. Returns `choices` itself when the hits add nothing.
 */
export function addConversations(
	choices: readonly ConversationChoice[],
	hits: readonly Pick<SearchHit, 'conversationId' | 'conversationTitle'>[],
	max = 200
): ConversationChoice[] {
	const seen = new Set(choices.map((c) => c.id));
	const added: ConversationChoice[] = [];
	for (const hit of hits) {
		if (seen.has(hit.conversationId)) continue;
		seen.add(hit.conversationId);
		added.push({ id: hit.conversationId, title: hit.conversationTitle });
	}
	return added.length === 0 ? (choices as ConversationChoice[]) : [...choices, ...added].slice(-max);
}
