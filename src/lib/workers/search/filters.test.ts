// Attachment-kind and tag filters, automatic tags, and hybrid (keyword + semantic) ranking.
import { describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import type { AttachmentRef } from '../../core/documents/types.ts';
import { conversationTags } from './autoTags.ts';
import { MessageIndex, titleDocId } from './messageIndex.ts';
import { parseQuery } from './query.ts';
import { Searcher } from './searcher.ts';

const file = (kind: AttachmentRef['kind']): AttachmentRef => ({ id: `${kind}-1`, kind, name: `x.${kind}`, mimeType: 'x', size: 1, sha256: 'x' });
const message = (id: string, conversationId: string, content: string, extra: Partial<MessageNode> = {}): MessageNode => ({
	id, conversationId, parentId: null, role: 'user', content, status: 'complete', createdAt: 1, updatedAt: 1, ...extra
});

function sample() {
	const index = new MessageIndex();
	index.putConversation({ id: 'c1', title: 'Kumquat report', model: null, updatedAt: 5, tags: ['work'] });
	index.putConversation({ id: 'c2', title: 'Kumquat photos', model: null, updatedAt: 6 });
	index.putMessage(message('m1', 'c1', 'kumquat yields in the attached report', { attachments: [file('pdf')] }));
	index.putMessage(message('m2', 'c2', 'kumquat tree photo', { attachments: [file('image')] }));
	index.putMessage(message('m3', 'c2', 'kumquat jam without files'));
	index.setAutoTags('c2', { tags: ['orchard'], category: 'Food' });
	return index;
}
const ids = (index: MessageIndex, filters: Parameters<MessageIndex['search']>[1]) => index.search(parseQuery('kumquat'), filters).map((c) => c.id).sort();

describe('filters', () => {
	it('keeps messages with a file of the chosen kind, and titles of conversations that have one', () => {
		const index = sample();
		expect(ids(index, { attachment: 'pdf' })).toEqual(['m1', titleDocId('c1')].sort());
		expect(ids(index, { attachment: 'image' })).toEqual(['m2', titleDocId('c2')].sort());
		expect(ids(index, { attachment: 'text' })).toEqual([]);
	});

	it('keeps conversations by the user’s tag, an automatic tag, or a category', () => {
		const index = sample();
		expect(ids(index, { tag: 'work' })).toEqual(['m1', titleDocId('c1')].sort());
		expect(ids(index, { tag: 'orchard' })).toEqual(['m2', 'm3', titleDocId('c2')].sort());
		expect(ids(index, { tag: 'category:Food' })).toEqual(['m2', 'm3', titleDocId('c2')].sort());
		expect(index.tags()).toEqual({ tags: ['orchard', 'work'], categories: ['Food'] });
	});

	it('survives the snapshot', () => {
		const index = MessageIndex.fromJSON(sample().toJSON())!;
		expect(ids(index, { attachment: 'image', tag: 'orchard' })).toEqual(['m2', titleDocId('c2')].sort());
	});
});

describe('conversationTags', () => {
	it('picks words frequent here and rare elsewhere, and a category from its vocabulary', () => {
		const texts = ['The kumquat harvest plan', 'Kumquat harvest schedule for the orchard', 'Orchard deadline: kumquat picking'];
		const df = (term: string) => ({ kumquat: 3, harvest: 2, orchard: 2, plan: 40 })[term] ?? 1;
		expect(conversationTags(texts, df, 1_000)).toEqual({ tags: ['kumquat', 'harvest', 'orchard'], category: 'Planning' });
	});

	it('leaves out words common across all messages, numbers and one-off words', () => {
		const texts = ['python python 2024 2024 thing thing', 'unique'];
		expect(conversationTags(texts, (term) => (term === 'thing' ? 500 : 1), 1_000)).toEqual({ tags: ['python'], category: null });
	});
});

describe('hybrid search', () => {
	it('fuses keyword and semantic hits by rank, marks how each was found, and filters semantic ones too', async () => {
		const index = sample();
		index.putMessage(message('m4', 'c1', 'orange citrus grove'));
		const texts = new Map([['m1', 'kumquat yields in the attached report'], ['m2', 'kumquat tree photo'], ['m3', 'kumquat jam without files'], ['m4', 'orange citrus grove']]);
		const searcher = new Searcher(index, async (list) => list.map((id) => texts.get(id)));
		const semantic = { ids: ['m4', 'm2', 'gone'], scores: [0.9, 0.6, 0.5] };
		const hybrid = await searcher.search({ query: 'kumquat', mode: 'hybrid', semantic });
		expect(hybrid.hits[0]).toMatchObject({ messageId: 'm2', match: 'both' });
		expect(hybrid.hits.find((h) => h.messageId === 'm4')).toMatchObject({ match: 'semantic', snippet: 'orange citrus grove' });
		const only = await searcher.search({ query: 'kumquat', mode: 'semantic', semantic });
		expect(only.hits.map((h) => h.messageId)).toEqual(['m4', 'm2']);
		const filtered = await searcher.search({ query: 'kumquat', mode: 'semantic', semantic, filters: { tag: 'work' } });
		expect(filtered.hits.map((h) => h.messageId)).toEqual(['m4']);
		const keyword = await searcher.search({ query: 'kumquat', semantic });
		expect(keyword.hits.every((h) => h.match === 'keyword')).toBe(true);
	});
});

describe('relatedConversations', () => {
	it('finds conversations sharing the rare words of the tags and title, not itself', () => {
		const index = sample();
		index.putConversation({ id: 'c3', title: 'Orchard visit', model: null, updatedAt: 7 });
		index.putMessage(message('m5', 'c3', 'walking the orchard rows'));
		index.putConversation({ id: 'c4', title: 'Taxes', model: null, updatedAt: 8 });
		index.putMessage(message('m6', 'c4', 'tax forms'));
		expect(index.relatedConversations('c2').map((r) => r.conversationId).sort()).toEqual(['c1', 'c3']);
		expect(index.relatedConversations('missing')).toEqual([]);
	});
});
