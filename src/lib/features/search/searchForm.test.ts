import { describe, expect, it } from 'vitest';
import { addConversations, emptyFilters, hasFilters, hitHref, modelName, toFilters } from './searchForm.ts';

describe('search form', () => {
	it('turns dates into an inclusive range of whole local days', () => {
		const filters = toFilters({ ...emptyFilters(), from: '2025-03-01', to: '2025-03-31' });
		expect(filters.from).toBe(new Date(2025, 2, 1).getTime());
		expect(filters.to).toBe(new Date(2025, 3, 1).getTime() - 1);
		expect(toFilters({ ...emptyFilters(), from: 'yesterday' })).toEqual({});
	});

	it('leaves out what is not chosen', () => {
		expect(toFilters(emptyFilters())).toEqual({});
		expect(hasFilters(emptyFilters())).toBe(false);
		const form = { ...emptyFilters(), model: 'server::gpt-4o', role: 'assistant' as const, conversationId: 'c1', attachment: 'pdf' as const, tag: 'category:Code' };
		expect(toFilters(form)).toEqual({ model: 'server::gpt-4o', role: 'assistant', conversationId: 'c1', attachment: 'pdf', tag: 'category:Code' });
		expect(hasFilters(form)).toBe(true);
	});

	it('links a hit to its conversation and message', () => {
		expect(hitHref({ conversationId: 'c 1', messageId: 'm/2' })).toBe('/c/c%201?m=m%2F2');
		expect(hitHref({ conversationId: 'c1', messageId: null })).toBe('/c/c1');
		expect(modelName('server::gpt-4o')).toBe('gpt-4o');
		expect(modelName('plain')).toBe('plain');
	});

	it('offers each conversation met in results once, newest kept', () => {
		const hit = (id: string) => ({ conversationId: id, conversationTitle: `T${id}` });
		const one = addConversations([], [hit('a'), hit('b'), hit('a')]);
		expect(one).toEqual([{ id: 'a', title: 'Ta' }, { id: 'b', title: 'Tb' }]);
		expect(addConversations(one, [hit('b')])).toBe(one);
		expect(addConversations(one, [hit('c'), hit('d')], 3).map((c) => c.id)).toEqual(['b', 'c', 'd']);
	});
});
