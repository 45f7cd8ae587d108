import { describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { MessageIndex, titleDocId, type SearchFilters } from './messageIndex.ts';
import { parseQuery } from './query.ts';

let clock = 1_000;
function message(id: string, content: string, extra: Partial<MessageNode> = {}): MessageNode {
	clock += 1_000;
	return { id, conversationId: 'c1', parentId: null, role: 'user', content, status: 'complete', createdAt: clock, updatedAt: clock, ...extra };
}

function ids(index: MessageIndex, query: string, filters?: SearchFilters): string[] {
	return index.search(parseQuery(query), filters).map((c) => c.id);
}

function sample(): MessageIndex {
	const index = new MessageIndex();
	index.putConversation({ id: 'c1', title: 'Citrus recipes', model: 'server::gpt-4o', updatedAt: 50_000 });
	index.putConversation({ id: 'c2', title: 'Socket debugging', model: 'gemini::flash', updatedAt: 90_000 });
	index.putMessage(message('m1', 'How do I candy a kumquat?', { createdAt: 10_000 }));
	index.putMessage(message('m2', 'Slice each kumquat thinly and simmer in syrup.', { role: 'assistant', model: 'server::gpt-4o', createdAt: 11_000 }));
	index.putMessage(message('m3', 'Kumquat pie needs a sweet crust.', { role: 'assistant', model: 'server::gpt-4.1', createdAt: 12_000 }));
	index.putMessage(message('m4', 'Why does my socket time out with ERR_SOCKET_TIMEOUT?', { conversationId: 'c2', createdAt: 80_000 }));
	index.putMessage(message('m5', 'Use a keepalive and wrap it in useDebouncedCallback.', { conversationId: 'c2', role: 'assistant', model: 'gemini::flash', createdAt: 81_000 }));
	return index;
}

describe('MessageIndex', () => {
	it('finds what it should and nothing else', () => {
		const index = sample();
		expect(ids(index, 'kumquat').sort()).toEqual(['m1', 'm2', 'm3']);
		expect(ids(index, 'kumquat pie')).toEqual(['m3']);
		expect(ids(index, 'keepalive')).toEqual(['m5']);
		expect(ids(index, 'pineapple')).toEqual([]);
		expect(ids(index, '')).toEqual([]);
	});

	it('matches the last word by prefix, earlier words whole', () => {
		const index = sample();
		expect(ids(index, 'kumq').sort()).toEqual(['m1', 'm2', 'm3']);
		expect(ids(index, 'kumq pie')).toEqual([]);
		expect(ids(index, 'useDebounced')).toEqual(['m5']);
		expect(ids(index, 'debounced')).toEqual(['m5']);
		expect(ids(index, 'socket timeout').sort()).toEqual(['m4']);
	});

	it('tolerates typos when exact words find little, but not in quotes', () => {
		const index = sample();
		expect(ids(index, 'kumqaut').sort()).toEqual(['m1', 'm2', 'm3']);
		expect(ids(index, 'keepalvie')).toEqual(['m5']);
		expect(ids(index, '"kumqaut"')).toEqual([]);
	});

	it('searches conversation titles', () => {
		const index = sample();
		expect(ids(index, 'citrus')).toEqual([titleDocId('c1')]);
		index.putConversation({ id: 'c1', title: 'Marmalade notes', model: 'server::gpt-4o', updatedAt: 60_000 });
		expect(ids(index, 'citrus')).toEqual([]);
		expect(ids(index, 'marmalade')).toEqual([titleDocId('c1')]);
	});

	it('filters by role, model, date and conversation', () => {
		const index = sample();
		expect(ids(index, 'kumquat', { role: 'assistant' }).sort()).toEqual(['m2', 'm3']);
		expect(ids(index, 'kumquat', { role: 'user' })).toEqual(['m1']);
		// A user's message goes with the conversation's model; a reply with its own.
		expect(ids(index, 'kumquat', { model: 'server::gpt-4o' }).sort()).toEqual(['m1', 'm2']);
		expect(ids(index, 'kumquat', { model: 'server::gpt-4.1' })).toEqual(['m3']);
		expect(ids(index, 'kumquat', { from: 10_500, to: 11_500 })).toEqual(['m2']);
		expect(ids(index, 'kumquat', { conversationId: 'c2' })).toEqual([]);
		expect(ids(index, 'socket', { conversationId: 'c2' }).sort()).toEqual(['m4', titleDocId('c2')].sort());
		// Titles are dated by the conversation's last update and never pass a role filter.
		expect(ids(index, 'socket debugging', { from: 85_000 })).toEqual([titleDocId('c2')]);
		expect(ids(index, 'socket debugging', { role: 'user' })).toEqual([]);
		expect(index.models()).toEqual(['gemini::flash', 'server::gpt-4.1', 'server::gpt-4o']);
	});

	it('indexes a streaming message only once it is done, and follows edits of its text', () => {
		const index = sample();
		const reply = message('m6', 'Candied kumq', { role: 'assistant', status: 'streaming' });
		index.putMessage(reply);
		expect(ids(index, 'candied')).toEqual([]);
		expect(index.unsettledIds()).toEqual(['m6']);
		index.putMessage({ ...reply, content: 'Candied kumquats keep for weeks.', status: 'interrupted', updatedAt: reply.updatedAt + 1 });
		expect(ids(index, 'candied')).toEqual(['m6']);
		expect(index.unsettledIds()).toEqual(['m6']);
		index.putMessage({ ...reply, content: 'Candied kumquats keep for months.', status: 'complete', updatedAt: reply.updatedAt + 2 });
		expect(ids(index, 'months')).toEqual(['m6']);
		expect(ids(index, 'weeks')).toEqual([]);
		expect(index.unsettledIds()).toEqual([]);
	});

	it('forgets deleted messages and whole conversations', () => {
		const index = sample();
		index.removeMessage('m3');
		expect(ids(index, 'kumquat').sort()).toEqual(['m1', 'm2']);
		index.removeConversation('c1');
		expect(ids(index, 'kumquat')).toEqual([]);
		expect(ids(index, 'citrus')).toEqual([]);
		expect(index.messageCount).toBe(2);
		expect(index.messageIds().sort()).toEqual(['m4', 'm5']);
	});

	it('round-trips through JSON with its filters and unsettled messages', () => {
		const index = sample();
		index.putMessage(message('m7', 'still typing', { status: 'streaming' }));
		const restored = MessageIndex.fromJSON(index.toJSON())!;
		expect(ids(restored, 'kumquat', { role: 'assistant', model: 'server::gpt-4o' })).toEqual(['m2']);
		expect(ids(restored, 'citrus')).toEqual([titleDocId('c1')]);
		expect(restored.unsettledIds()).toEqual(['m7']);
		expect(restored.messageCount).toBe(5);
		restored.removeConversation('c2');
		expect(ids(restored, 'keepalive')).toEqual([]);
		const stale = JSON.stringify({ ...JSON.parse(index.toJSON()), format: -1 });
		expect(MessageIndex.fromJSON(stale)).toBeNull();
	});
});
