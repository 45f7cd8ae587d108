import { describe, expect, it } from 'vitest';
import { createMarkdownService } from '../../workers/markdown/service.ts';
import { renderMarkdown } from '../../workers/markdown/render.ts';
import type { MarkdownClient } from '../../workers/markdownClient.ts';
import { MarkdownStream } from './markdownStream.ts';
import type { SafeBlock } from './markdownStream.ts';

/** A client over the real service whose answers wait until the test releases them. */
function controlledClient() {
	const service = createMarkdownService();
	const waiting: (() => void)[] = [];
	const calls: string[] = [];
	const later = <T>(name: string, arg: string, run: () => T): Promise<T> => {
		calls.push(`${name}:${arg}`);
		return new Promise((resolve) => waiting.push(() => resolve(run())));
	};
	const client: MarkdownClient = {
		render: (text) => later('render', text, () => service.render(text)),
		open: async (id) => service.open(id),
		update: (id, text) => later('update', text, () => service.update(id, text)),
		finish: (id, text) => later('finish', text, () => service.finish(id, text)),
		close: async (id) => service.close(id)
	};
	/** Resolves every pending answer and lets promise callbacks run. */
	const settle = async (): Promise<void> => {
		while (waiting.length) waiting.shift()?.();
		for (let i = 0; i < 5; i++) await Promise.resolve();
	};
	return { client, calls, settle, inFlight: () => waiting.length };
}

function setup() {
	const { client, calls, settle, inFlight } = controlledClient();
	const frames: (() => void)[] = [];
	const sanitized: string[] = [];
	let shown: SafeBlock[] | undefined;
	const stream = new MarkdownStream({
		client,
		sanitize: (html) => {
			sanitized.push(html);
			return `[${html}]`;
		},
		onBlocks: (blocks) => (shown = blocks),
		schedule: (callback) => frames.push(callback)
	});
	const frame = (): void => frames.splice(0).forEach((callback) => callback());
	return { stream, calls, settle, inFlight, frame, sanitized, shown: () => shown };
}

describe('MarkdownStream', () => {
	it('renders a finished message once, on the next frame', async () => {
		const t = setup();
		t.stream.set('# Hi', false);
		expect(t.calls).toEqual([]);
		t.frame();
		await t.settle();
		expect(t.calls).toEqual(['render:# Hi']);
		expect(t.shown()).toEqual([{ id: 'b0', html: '[<h1>Hi</h1>\n]' }]);
	});

	it('keeps one request in flight and always sends the newest text', async () => {
		const t = setup();
		t.stream.set('Hel', true);
		t.frame();
		for (const text of ['Hell', 'Hello', 'Hello,', 'Hello, w']) {
			t.stream.set(text, true);
			t.frame();
		}
		expect(t.inFlight()).toBe(1);
		await t.settle();
		t.frame();
		await t.settle();
		expect(t.calls).toEqual(['update:Hel', 'update:Hello, w']);
		expect(t.shown()).toEqual([{ id: 'b0', html: '[<p>Hello, w</p>\n]' }]);
	});

	it('finishes with a full render when streaming stops', async () => {
		const t = setup();
		const text = 'See [x].\n\n[x]: https://example.com';
		t.stream.set(text.slice(0, 10), true);
		t.frame();
		await t.settle();
		t.stream.set(text, false);
		t.frame();
		await t.settle();
		expect(t.calls.at(-1)).toBe(`finish:${text}`);
		expect(t.shown()?.map((block) => block.html)).toEqual(renderMarkdown(text).map((block) => `[${block.html}]`));
	});

	it('sanitizes only blocks that changed', async () => {
		const t = setup();
		t.stream.set('# Title\n\nFirst paragraph.\n\nSecond', true);
		t.frame();
		await t.settle();
		t.sanitized.length = 0;
		t.stream.set('# Title\n\nFirst paragraph.\n\nSecond paragraph', true);
		t.frame();
		await t.settle();
		expect(t.sanitized).toEqual(['<p>Second paragraph</p>\n']);
	});

	it('starts a new session when the text stops extending the old one', async () => {
		const t = setup();
		t.stream.set('# One\n\nalpha\n\nbeta\n\ngamma', true);
		t.frame();
		await t.settle();
		t.stream.set('Regenerated', true);
		t.frame();
		await t.settle();
		expect(t.shown()).toEqual([{ id: 'b0', html: '[<p>Regenerated</p>\n]' }]);
	});

	it('ignores answers that arrive after dispose', async () => {
		const t = setup();
		t.stream.set('late', false);
		t.frame();
		t.stream.dispose();
		await t.settle();
		expect(t.shown()).toBeUndefined();
	});
});
