import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createMarkdownService } from './markdown/service.ts';
import { renderMarkdown } from './markdown/render.ts';
import { createMainThreadClient, createMarkdownPool, maxWorkers } from './markdownClient.ts';
import type { MarkdownPool, WorkerLike } from './markdownClient.ts';

/** A "worker" that runs the real service behind a MessageChannel, as comlink sees it. */
function fakeWorkers() {
	const ports: MessagePort[] = [];
	const spawn = (): WorkerLike => {
		const { port1, port2 } = new MessageChannel();
		expose(createMarkdownService(), port1);
		port2.start();
		ports.push(port1, port2);
		return Object.assign(port2, { terminate: () => port2.close() });
	};
	return { spawn, closeAll: () => ports.forEach((port) => port.close()), started: () => ports.length / 2 };
}

describe('markdown pool', () => {
	let pool: MarkdownPool | undefined;
	let workers: ReturnType<typeof fakeWorkers> | undefined;
	afterEach(() => {
		pool?.dispose();
		workers?.closeAll();
	});

	it('never starts more than two workers, however many sessions stream', async () => {
		workers = fakeWorkers();
		pool = createMarkdownPool({ size: 8, spawn: workers.spawn });
		const ids = ['a', 'b', 'c', 'd', 'e'];
		await Promise.all(ids.map((id) => pool?.open(id)));
		await Promise.all(ids.map((id) => pool?.update(id, `# ${id}`)));
		expect(maxWorkers).toBe(2);
		expect(pool.workerCount).toBe(2);
		expect(workers.started()).toBe(2);
	});

	it('starts a second worker only when the first is busy', async () => {
		workers = fakeWorkers();
		pool = createMarkdownPool({ spawn: workers.spawn });
		await pool.render('one');
		await pool.render('two');
		expect(pool.workerCount).toBe(1);
	});

	it('routes every call of a session to the worker that holds its state', async () => {
		workers = fakeWorkers();
		pool = createMarkdownPool({ spawn: workers.spawn });
		await pool.open('x');
		await pool.open('y');
		await pool.update('x', '# X\n\nfirst');
		await pool.update('y', '# Y');
		// Only the worker holding x's frozen heading can answer with a patch starting at 1.
		expect(await pool.update('x', '# X\n\nfirst second')).toEqual({
			changedFrom: 1,
			blocks: [{ id: 'b1', html: '<p>first second</p>\n' }]
		});
		const final = await pool.finish('x', '# X\n\nfirst second');
		expect(final).toEqual({ changedFrom: 2, blocks: [] });
	});

	it('starts its first worker when warmed, and reuses it for the first render', async () => {
		workers = fakeWorkers();
		pool = createMarkdownPool({ spawn: workers.spawn });
		pool.warm();
		expect(workers.started()).toBe(1);
		pool.warm();
		expect(await pool.render('*hi*')).toEqual(renderMarkdown('*hi*'));
		expect(workers.started()).toBe(1);
	});

	it('renders whole messages', async () => {
		workers = fakeWorkers();
		pool = createMarkdownPool({ spawn: workers.spawn });
		expect(await pool.render('*hi*')).toEqual(renderMarkdown('*hi*'));
	});
});

describe('main-thread fallback', () => {
	it('offers the same API without a worker', async () => {
		const client = createMainThreadClient();
		await client.open('s');
		const patch = await client.update('s', '# T\n\nbody');
		expect(patch.blocks.map((block) => block.id)).toEqual(['b0', 'b1']);
		expect(await client.finish('s', '# T\n\nbody')).toEqual({ changedFrom: 2, blocks: [] });
		expect(await client.render('x')).toEqual(renderMarkdown('x'));
	});
});
