// What the Related panel shows: conversations close in meaning (embeddings), or, while there
// are none, those sharing rare words (the search index); with titles from IndexedDB.
import type { AtriumDatabase } from '../../db/database.ts';
import type { EmbedClient } from '../../workers/embedClient.ts';
import type { SearchClient } from '../../workers/searchClient.ts';

export interface RelatedList {
	items: { conversationId: string; title: string }[];
	tags: string[];
	category: string | null;
	/** How they were found, in words. */
	how: string;
}

export async function relatedConversations(db: AtriumDatabase, search: SearchClient, embed: EmbedClient, conversationId: string, limit = 5): Promise<RelatedList> {
	const [status] = await Promise.all([embed.start(), search.start()]);
	const semantic = status.state === 'ready' || status.state === 'indexing';
	const found = semantic ? await embed.related(conversationId, limit) : [];
	const byMeaning = found.length > 0;
	const ids = (byMeaning ? found : await search.related(conversationId, limit)).map((r) => r.conversationId);
	const rows = await db.conversations.bulkGet(ids);
	const { tags, category } = await search.tagsOf(conversationId);
	return {
		items: rows.flatMap((row) => (row ? [{ conversationId: row.id, title: row.title }] : [])),
		tags,
		category,
		how: byMeaning ? 'By meaning (on-device embeddings).' : semantic ? 'By shared words (nothing close in meaning yet).' : `By shared words. ${status.reason ?? ''}`.trim()
	};
}
