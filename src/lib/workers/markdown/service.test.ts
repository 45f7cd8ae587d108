import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render.ts';
import { createMarkdownService, maxSessions } from './service.ts';

describe('markdown service', () => {
	it('renders whole messages', () => {
		expect(createMarkdownService().render('# Hi\n\nthere')).toEqual(renderMarkdown('# Hi\n\nthere'));
	});

	it('keeps sessions apart', () => {
		const service = createMarkdownService();
		service.open('a');
		service.open('b');
		service.update('a', '# A\n\nalpha');
		service.update('b', '# B');
		expect(service.update('a', '# A\n\nalpha beta')).toEqual({
			changedFrom: 1,
			blocks: [{ id: 'b1', html: '<p>alpha beta</p>\n' }]
		});
		expect(service.update('b', '# B!').blocks).toEqual([{ id: 'b0', html: '<h1>B!</h1>\n' }]);
	});

	it('finish renders in full and ends the session', () => {
		const service = createMarkdownService();
		service.update('s', 'See [x].\n\n');
		const patch = service.finish('s', 'See [x].\n\n[x]: https://example.com');
		expect(patch.changedFrom).toBe(0);
		expect(patch.blocks[0]?.html).toContain('<a href="https://example.com/"');
		// The id is free again: a new update starts a fresh session from scratch.
		expect(service.update('s', 'new').changedFrom).toBe(0);
	});

	it('close drops a session', () => {
		const service = createMarkdownService();
		service.update('s', 'one\n\ntwo');
		service.close('s');
		expect(service.update('s', 'one\n\ntwo')).toEqual({ changedFrom: 0, blocks: renderMarkdown('one\n\ntwo') });
	});

	it('drops the oldest session beyond the cap', () => {
		const service = createMarkdownService();
		service.update('first', 'one\n\ntwo');
		for (let i = 0; i < maxSessions; i++) service.open(`s${i}`);
		// 'first' was evicted, so its next update is a fresh render.
		expect(service.update('first', 'one\n\ntwo').changedFrom).toBe(0);
	});
});
