import { describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { MessageIndex } from './messageIndex.ts';
import { Searcher } from './searcher.ts';

function setup(messages: Array<Partial<MessageNode> & { id: string; content: string }>) {
	const index = new MessageIndex();
	const texts = new Map<string, string>();
	index.putConversation({ id: 'c1', title: 'Planning <Q3>', model: 'server::gpt-4o', updatedAt: 9_000 });
	messages.forEach((m, i) => {
		const node: MessageNode = { conversationId: 'c1', parentId: null, role: 'user', status: 'complete', createdAt: i, updatedAt: i, ...m };
		index.putMessage(node);
		texts.set(node.id, node.content);
	});
	let loads = 0;
	const searcher = new Searcher(index, async (ids) => {
		loads++;
		return ids.map((id) => texts.get(id));
	});
	return { index, texts, searcher, loads: () => loads };
}

describe('Searcher', () => {
	it('returns hits with the conversation title and an escaped, highlighted snippet', async () => {
		const { searcher } = setup([{ id: 'm1', content: 'The <b>quarterly</b> revenue forecast is up.', role: 'assistant', model: 'server::gpt-4.1' }]);
		const { hits, total } = await searcher.search({ query: 'revenue' });
		expect(total).toBe(1);
		expect(hits).toEqual([
			expect.objectContaining({
				kind: 'message',
				conversationId: 'c1',
				conversationTitle: 'Planning <Q3>',
				messageId: 'm1',
				role: 'assistant',
				model: 'server::gpt-4.1',
				time: 0,
				snippet: 'The &lt;b&gt;quarterly&lt;/b&gt; <mark>revenue</mark> forecast is up.'
			})
		]);
	});

	it('finds titles, with the title as the snippet', async () => {
		const { searcher } = setup([]);
		const { hits } = await searcher.search({ query: 'planning' });
		expect(hits).toEqual([expect.objectContaining({ kind: 'title', messageId: null, time: 9_000, snippet: '<mark>Planning</mark> &lt;Q3&gt;' })]);
	});

	it('keeps only messages holding a quoted phrase word for word', async () => {
		const { searcher } = setup([
			{ id: 'm1', content: 'Our quarterly revenue forecast slipped.' },
			{ id: 'm2', content: 'The forecast for quarterly revenue is flat.' },
			{ id: 'm3', content: 'Revenue, quarterly: forecast!' },
			{ id: 'm4', content: 'QUARTERLY   revenue\nforecast, again' }
		]);
		const { hits, total, approximate } = await searcher.search({ query: '"quarterly revenue forecast"' });
		expect(hits.map((h) => h.messageId).sort()).toEqual(['m1', 'm4']);
		expect(hits.find((h) => h.messageId === 'm1')?.snippet).toBe('Our <mark>quarterly revenue forecast</mark> slipped.');
		expect(total).toBe(2);
		expect(approximate).toBe(false);
		expect((await searcher.search({ query: 'quarterly revenue forecast' })).total).toBe(4);
	});

	it('says which words were too common to search', async () => {
		const { searcher } = setup([{ id: 'm1', content: 'the end of it' }]);
		expect(await searcher.search({ query: 'of the' })).toMatchObject({ hits: [], total: 0, ignored: ['of', 'the'] });
		expect((await searcher.search({ query: '"the end of it"' })).ignored).toEqual(['the', 'of', 'it']);
	});

	it('pages through results without searching again', async () => {
		const many = Array.from({ length: 30 }, (_, i) => ({ id: `m${i}`, content: `note ${i} about apples` }));
		const { searcher } = setup(many);
		const first = await searcher.search({ query: 'apples', limit: 10 });
		const second = await searcher.search({ query: 'apples', offset: 10, limit: 10 });
		const last = await searcher.search({ query: 'apples', offset: 25, limit: 10 });
		expect(first.total).toBe(30);
		expect([first, second, last].map((r) => r.hits.length)).toEqual([10, 10, 5]);
		const seen = new Set([...first.hits, ...second.hits, ...last.hits].map((h) => h.messageId));
		expect(seen.size).toBe(25);
	});

	it('sees changes once told the index changed', async () => {
		const { index, texts, searcher } = setup([{ id: 'm1', content: 'apples' }]);
		expect((await searcher.search({ query: 'apples' })).total).toBe(1);
		index.putMessage({ id: 'm2', conversationId: 'c1', parentId: null, role: 'user', content: 'more apples', status: 'complete', createdAt: 5, updatedAt: 5 });
		texts.set('m2', 'more apples');
		searcher.changed();
		expect((await searcher.search({ query: 'apples' })).total).toBe(2);
	});

	it('skips a message that vanished between the index and the read', async () => {
		const { texts, searcher } = setup([{ id: 'm1', content: 'apples' }, { id: 'm2', content: 'apples too' }]);
		texts.delete('m1');
		const { hits } = await searcher.search({ query: 'apples' });
		expect(hits.map((h) => h.messageId)).toEqual(['m2']);
	});
});
