/**
 * The Markdown component in Chromium, built by Vite with the real worker: raw text before
 * the first render, only changed blocks patched while streaming, a full render at the end,
 * at most two workers for many streams, math shown with its fonts, and the XSS corpus
 * streamed through it.
 * Run: node --test tests/e2e/markdownComponent.test.ts
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { sampleMessage } from '../../src/lib/workers/markdown/sampleDocuments.ts';
import { xssCorpus } from '../fixtures/xssCorpus.ts';
import { launchChromium } from './support/stack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A page that mounts Markdown components and lets the test drive their props. */
const harness = `
import { mount } from 'svelte';
import Markdown from ${JSON.stringify(join(root, 'src/lib/ui/Markdown.svelte'))};

window.mountMarkdown = (id) => {
	const target = document.createElement('section');
	target.id = id;
	document.body.append(target);
	const props = $state({ source: '', streaming: true, id });
	mount(Markdown, { target, props });
	return (source, streaming) => {
		props.source = source;
		props.streaming = streaming;
	};
};
`;

async function buildHarness(dir: string): Promise<string> {
	const app = join(dir, 'app');
	await writeFile(join(dir, 'main.svelte.js'), harness);
	await writeFile(
		join(dir, 'index.html'),
		'<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module" src="./main.svelte.js"></script></body></html>'
	);
	await build({
		configFile: false,
		logLevel: 'silent',
		root: dir,
		base: './',
		plugins: [svelte()],
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		worker: { format: 'es' },
		build: { outDir: app, minify: false }
	});
	return app;
}

const types: Record<string, string> = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.ttf': 'font/ttf'
};

function serve(dir: string): Promise<Server> {
	const server = createServer((request, response) => {
		const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
		const file = join(dir, path === '/' ? 'index.html' : path);
		if (!file.startsWith(dir)) return void response.writeHead(403).end();
		readFile(file).then(
			(body) => response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
			() => response.writeHead(404).end()
		);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let dir: string;
let server: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin: string;
const workers: string[] = [];
const hits: number[] = [];
const dialogs: string[] = [];
const foreignRequests: string[] = [];
const pageErrors: string[] = [];

before(async () => {
	// Inside the repository, so the harness resolves svelte from its node_modules.
	const cache = join(root, 'node_modules/.cache');
	await mkdir(cache, { recursive: true });
	dir = await mkdtemp(join(cache, 'atrium-md-component-'));
	server = await serve(await buildHarness(dir));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	browser = await launchChromium();
	context = await browser.newContext();
	await context.exposeBinding('__xss', (_source, n: number) => void hits.push(n));
	await context.route('**/*', async (route) => {
		if (route.request().url().startsWith(origin)) return route.continue();
		if (!route.request().isNavigationRequest()) foreignRequests.push(route.request().url());
		return route.abort();
	});
	context.on('page', (opened) => opened.on('dialog', (dialog) => void dialogs.push(dialog.message())));
	page = await context.newPage();
	page.on('worker', (worker) => workers.push(worker.url()));
	page.on('pageerror', (error) => pageErrors.push(error.message));
	await page.goto(`${origin}/`);
	await page.waitForFunction(() => typeof window.mountMarkdown === 'function');
});

after(async () => {
	assert.deepEqual(pageErrors, []);
	await browser?.close();
	server?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

/** Streams `text` into the component `id` in `step`-character tokens, one per frame. */
async function streamInto(id: string, text: string, step: number): Promise<void> {
	await page.evaluate(
		async ({ id, text, step }) => {
			const set = window.mountMarkdown(id);
			for (let end = step; end < text.length + step; end += step) {
				set(text.slice(0, end), true);
				await new Promise((resolve) => requestAnimationFrame(resolve));
			}
			set(text, false);
		},
		{ id, text, step }
	);
}

describe('Markdown component in Chromium', () => {
	test('shows the raw text until the first render arrives', async () => {
		const raw = await page.evaluate(async () => {
			const set = window.mountMarkdown('raw');
			set('**bold** <span>not html</span>', true);
			// Props apply in a microtask; a render needs an animation frame and a worker trip.
			await new Promise((resolve) => setTimeout(resolve, 0));
			return document.querySelector('#raw .md-raw')?.textContent;
		});
		assert.equal(raw, '**bold** <span>not html</span>');
		await page.waitForSelector('#raw strong');
		assert.equal(await page.textContent('#raw p'), 'bold <span>not html</span>');
		assert.equal(await page.$('#raw .md-raw'), null);
	});

	test("shows math only once KaTeX's fonts it uses have loaded (laid out once, decision 0042)", async () => {
		// The first math on this page: which KaTeX faces were loaded when it entered the DOM.
		const loadedAtInsert = await page.evaluate(async () => {
			const seen = new Promise<string[]>((resolve) => {
				const observer = new MutationObserver(() => {
					if (!document.querySelector('#math .katex')) return;
					observer.disconnect();
					const faces = [...document.fonts].filter((face) => face.family.replaceAll('"', '').startsWith('KaTeX_'));
					resolve(faces.filter((face) => face.status === 'loaded').map((face) => `${face.family.replaceAll('"', '')} ${face.style}`));
				});
				observer.observe(document.body, { childList: true, subtree: true });
			});
			window.mountMarkdown('math')('Euler: $e^{i\\pi} + 1 = 0$', false);
			return seen;
		});
		assert.deepEqual(loadedAtInsert.sort(), ['KaTeX_Main normal', 'KaTeX_Math italic']);
	});

	test('streams with the real worker, patching only changed blocks, and ends on the full render', async () => {
		const text = sampleMessage(3_000);
		const firstLine = text.slice(0, text.indexOf('\n'));
		assert.match(firstLine, /^## /);
		const streaming = streamInto('stream', text, 12);
		// The heading arrives 12 characters a frame, so its first renders are partial and are
		// rightly replaced as it grows. Hold on to it once it is whole: from then on it must stay.
		await page.waitForFunction((title) => document.querySelector('#stream h2')?.textContent === title, firstLine.slice(3));
		const heading = await page.$('#stream h2');
		await streaming;
		await page.evaluate((text) => window.mountMarkdown('final')(text, false), text);
		await page.waitForSelector('#stream .md-root[aria-busy="false"]');
		await page.waitForSelector('#final .md-code');
		await page.waitForFunction(() => {
			const streamed = document.querySelector('#stream .md-root')?.innerHTML;
			return streamed !== undefined && streamed === document.querySelector('#final .md-root')?.innerHTML;
		});
		// Once whole, the heading was never re-rendered: only changed blocks are patched.
		assert.equal(await heading?.evaluate((node) => node.isConnected), true);
		const streamed = await page.innerHTML('#stream .md-root');
		assert.ok(streamed.includes('class="katex"'));
		assert.ok(streamed.includes('hljs-keyword'));
		assert.ok(streamed.includes('<table>'));
	});

	test('many concurrent streams share at most two workers', async () => {
		await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => streamInto(`many-${id}`, sampleMessage(1_500), 20)));
		assert.ok(workers.length >= 1 && workers.length <= 2, `workers: ${workers.join(', ')}`);
	});

	test('a long message first shown lays out the blocks near the viewport only; the rest as they come into view (decisions 0046, 0048)', async () => {
		await page.evaluate((text) => {
			window.mountMarkdown('short')(text.slice(0, 600), false);
			window.mountMarkdown('long')(text, false);
			// A reply streaming in: its first render may be long too, and stays as before.
			window.mountMarkdown('live')(text, true);
		}, sampleMessage(8_000));
		await page.waitForSelector('#long .md-root[aria-busy="false"] .md-code');
		await page.waitForSelector('#short .md-root[aria-busy="false"] p');
		await page.waitForSelector('#live .md-root .md-code');
		assert.equal(await page.evaluate(() => document.querySelector('#live .md-root')!.childElementCount >= 32), true);
		assert.equal(await page.$('#live .md-on-screen-first'), null);
		const state = () =>
			page.evaluate(() => {
				const blocks = [...document.querySelectorAll('#long .md-root > *')];
				// A skipped block's box stays; what it skips is its contents.
				const inner = blocks.map((el) => el.firstElementChild).filter((el) => el !== null);
				const rendered = inner.map((el) => el.checkVisibility({ contentVisibilityAuto: true }));
				return {
					blocks: blocks.length,
					marked: document.querySelector('#long .md-root')!.classList.contains('md-on-screen-first'),
					shortMarked: document.querySelector('#short .md-root')!.classList.contains('md-on-screen-first'),
					skipped: rendered.filter((shown) => !shown).length,
					lastShown: rendered.at(-1)
				};
			});
		const first = await state();
		assert.ok(first.blocks >= 32, `blocks: ${first.blocks}`);
		assert.equal(first.marked, true);
		assert.equal(first.shortMarked, false);
		// The message sits below the viewport: its far blocks are not laid out yet.
		assert.ok(first.skipped > first.blocks / 4, JSON.stringify(first));
		assert.equal(first.lastShown, false);
		// Scrolled to, the last block is laid out and shown.
		const lastInner = '#long .md-root > * > :first-child';
		await page.evaluate((selector) => [...document.querySelectorAll(selector)].at(-1)!.scrollIntoView(), lastInner);
		await page.waitForFunction(
			(selector) => [...document.querySelectorAll(selector)].at(-1)!.checkVisibility({ contentVisibilityAuto: true }),
			lastInner
		);
		assert.equal(await page.evaluate(() => window.scrollY > 0), true);
	});

	test('no XSS payload runs when streamed through the component', async () => {
		await page.evaluate(() => (document.body.innerHTML = ''));
		await Promise.all(xssCorpus.map((payload, n) => streamInto(`xss-${n}`, payload, 5)));
		await page.waitForFunction(
			(count) => document.querySelectorAll('.md-root[aria-busy="false"]').length >= count,
			xssCorpus.length
		);
		for (const target of await page.locator('a, button, summary, details, math, svg').all()) {
			await target.click({ force: true, noWaitAfter: true, timeout: 2_000 }).catch(() => undefined);
		}
		await page.waitForTimeout(500);
		assert.deepEqual(hits, []);
		assert.deepEqual(dialogs, []);
		assert.deepEqual(foreignRequests, []);
		assert.equal(page.url(), `${origin}/`);
	});
});

declare global {
	interface Window {
		mountMarkdown: (id: string) => (source: string, streaming: boolean) => void;
	}
}
