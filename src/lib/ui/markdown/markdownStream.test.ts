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
		schedule: (callback) => frames.push(callback),
		// A stopped clock: no slicing or yielding here, however slow the machine.
		now: () => 0
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

	it('shows a patch only once beforeShow has settled, asked with the newly sanitized blocks', async () => {
		const { client, settle } = controlledClient();
		const asked: string[][] = [];
		let release: () => void = () => {};
		let shown: SafeBlock[] | undefined;
		const stream = new MarkdownStream({
			client,
			sanitize: (html) => `[${html}]`,
			onBlocks: (blocks) => (shown = blocks),
			schedule: (callback) => callback(),
			now: () => 0,
			beforeShow: (htmls) => {
				asked.push(htmls);
				return htmls.some((html) => html.includes('wait')) ? new Promise<void>((resolve) => (release = resolve)) : undefined;
			}
		});
		stream.set('# Title\n\nplain', true);
		await settle();
		expect(shown?.length).toBe(2);
		stream.set('# Title\n\nplain then wait', true);
		await settle();
		expect(asked.at(-1)).toEqual(['[<p>plain then wait</p>\n]']);
		expect(shown?.[1]?.html).toBe('[<p>plain</p>\n]');
		release();
		await settle();
		expect(shown?.[1]?.html).toBe('[<p>plain then wait</p>\n]');
	});

	describe('a patch with many blocks', () => {
		/** Each sanitize takes `sanitizeMs` (5 ms: two blocks per task) on a fake clock; slices are 8 ms. */
		function sliced(sanitizeMs = 5) {
			const { client, settle } = controlledClient();
			let clock = 0;
			const yields: (() => void)[] = [];
			const shown: SafeBlock[][] = [];
			const stream = new MarkdownStream({
				client,
				sanitize: (html) => {
					clock += sanitizeMs;
					return html;
				},
				onBlocks: (blocks) => shown.push(blocks),
				schedule: (callback) => callback(),
				now: () => clock,
				sliceMs: 8,
				yieldTask: () => new Promise((resolve) => yields.push(resolve))
			});
			/** Lets the yielded slice continue, as the browser would in a later task. */
			const resume = async (): Promise<void> => {
				yields.shift()?.();
				await settle();
			};
			return { stream, settle, shown, yields, resume };
		}
		const text = ['# One', 'two', 'three', 'four', 'five'].join('\n\n');

		it('sanitizes a slice per task and shows the blocks only when all are done', async () => {
			const t = sliced();
			t.stream.set(text, false);
			await t.settle();
			// Blocks 1-2 sanitized (10 ms), then a yield before the third.
			expect(t.yields).toHaveLength(1);
			expect(t.shown).toEqual([]);
			await t.resume();
			expect(t.yields).toHaveLength(1);
			await t.resume();
			// Block 5 took 5 ms, over half a slice: showing waits for a task of its own.
			expect(t.yields).toHaveLength(1);
			expect(t.shown).toEqual([]);
			await t.resume();
			expect(t.yields).toHaveLength(0);
			expect(t.shown).toHaveLength(1);
			expect(t.shown[0]).toEqual(renderMarkdown(text));
		});

		it('shows a patch in the same task when sanitizing it took under half a slice', async () => {
			const t = sliced(3);
			t.stream.set('just one paragraph', false);
			await t.settle();
			expect(t.yields).toHaveLength(0);
			expect(t.shown).toHaveLength(1);
		});

		it('drops a patch disposed while it waits to be shown', async () => {
			const t = sliced();
			t.stream.set('one paragraph', false);
			await t.settle();
			expect(t.yields).toHaveLength(1);
			t.stream.dispose();
			await t.resume();
			expect(t.shown).toEqual([]);
		});

		it('sends no newer text until the sliced patch is shown', async () => {
			const t = sliced();
			t.stream.set(text, true);
			await t.settle();
			t.stream.set(`${text}\n\nsix`, true);
			await t.settle();
			expect(t.shown).toEqual([]);
			await t.resume();
			await t.resume();
			expect(t.shown).toEqual([]);
			await t.resume();
			// The first patch is shown; the newer text went out after it and is shown too.
			expect(t.shown[0]).toHaveLength(5);
			await t.settle();
			while (t.yields.length) await t.resume();
			expect(t.shown.at(-1)?.map((block) => block.html).at(-1)).toBe('<p>six</p>\n');
		});

		it('drops a sliced patch when disposed between slices', async () => {
			const t = sliced();
			t.stream.set(text, false);
			await t.settle();
			t.stream.dispose();
			await t.resume();
			await t.resume();
			expect(t.shown).toEqual([]);
		});
	});

	describe('starting from what an earlier stream showed', () => {
		it('shows a final render of the same text without asking the worker again', async () => {
			const first = setup();
			first.stream.set('# Hi\n\nthere', false);
			first.frame();
			await first.settle();
			const seed = first.stream.shown();
			expect(seed?.final).toBe(true);

			const { client, calls, settle } = controlledClient();
			const sanitized: string[] = [];
			const again = new MarkdownStream({ client, sanitize: (html) => (sanitized.push(html), html), onBlocks: () => {}, schedule: (callback) => callback(), seed });
			again.set('# Hi\n\nthere', false);
			await settle();
			expect(calls).toEqual([]);
			expect(again.shown()?.blocks).toBe(seed?.blocks);
			expect(sanitized).toEqual([]);
		});

		it('re-renders a grown streaming message but sanitizes only the blocks that changed', async () => {
			const first = setup();
			first.stream.set('# Title\n\nOne paragraph.\n\nTwo', true);
			first.frame();
			await first.settle();
			const seed = first.stream.shown();

			const { client, calls, settle } = controlledClient();
			const sanitized: string[] = [];
			let shown: SafeBlock[] = [];
			const again = new MarkdownStream({
				client,
				sanitize: (html) => (sanitized.push(html), `[${html}]`),
				onBlocks: (blocks) => (shown = blocks),
				schedule: (callback) => callback(),
				seed
			});
			again.set('# Title\n\nOne paragraph.\n\nTwo more', true);
			await settle();
			expect(calls).toEqual(['update:# Title\n\nOne paragraph.\n\nTwo more']);
			expect(sanitized).toEqual(['<p>Two more</p>\n']);
			expect(shown.slice(0, 2)).toEqual(seed?.blocks.slice(0, 2));
		});
	});
});
