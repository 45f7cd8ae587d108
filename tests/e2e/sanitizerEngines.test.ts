/**
 * The two sanitizing engines in a real Chromium (decision 0026): the browser's HTML
 * Sanitizer and DOMPurify give the same result for every XSS payload, raw or rendered,
 * for the cases where they could differ, and for benign KaTeX/highlight.js output; the
 * result survives being parsed again as Svelte's {@html} will; the browser's engine is
 * chosen where it is usable, and DOMPurify's chunk is fetched only where it is not.
 * Run: node --test tests/e2e/sanitizerEngines.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { xssCorpus } from '../fixtures/xssCorpus.ts';
import { xssEngineCases } from '../fixtures/xssEngineCases.ts';
import { bundleMarkdownForBrowser, loadMarkdownBundle } from './support/markdownBundle.ts';
import { launchChromium } from './support/stack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
let bundle: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'atrium-sanitizer-engines-'));
	bundle = await bundleMarkdownForBrowser(dir);
	browser = await launchChromium();
	context = await browser.newContext();
	// Nothing sanitized may fetch anything; every request fails.
	await context.route('**/*', (route) => route.abort());
	page = await context.newPage();
	await loadMarkdownBundle(page, bundle);
});

after(async () => {
	await browser?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('both engines apply one policy', () => {
	test('the same output for every payload, raw and rendered, and every sample document', async () => {
		const found = await page.evaluate((payloads) => {
			const { renderMarkdown, sampleDocuments } = window.markdownUnderTest;
			const { native, dompurify } = window.sanitizers;
			const inputs = [
				...payloads,
				...payloads.flatMap((payload) => renderMarkdown(payload).map((block) => block.html)),
				...sampleDocuments.flatMap((doc) => renderMarkdown(doc.text).map((block) => block.html))
			];
			const differences = inputs
				.map((html) => ({ html, native: native.sanitizeHtml(html), dompurify: dompurify.sanitizeHtml(html) }))
				.filter((result) => result.native !== result.dompurify);
			return { checked: inputs.length, differences };
		}, [...xssCorpus, ...xssEngineCases]);
		assert.ok(found.checked > 200, `only ${found.checked} inputs`);
		assert.deepEqual(found.differences, []);
	});

	test('the cases where engines could differ come out as the policy says, on both', async () => {
		const results = await page.evaluate((cases) => {
			const { native, dompurify } = window.sanitizers;
			return cases.map((html) => [native.sanitizeHtml(html), dompurify.sanitizeHtml(html)]);
		}, xssEngineCases);
		const expected: Record<number, string> = {
			// A MathML <a> is not an HTML <a>: it goes, with its content; so does an SVG <a>.
			0: '<math><mi>x</mi></math>',
			1: '<svg viewBox="0 0 10 10"></svg>',
			// MathML and SVG names in HTML are not allowed; SVG's camelCase is not HTML's.
			2: '<p d="M0">p</p>',
			3: '<svg width="1em" height="1em" viewBox="0 0 10 10" preserveAspectRatio="xMinYMin slice"><line x1="0" y1="0" x2="10" y2="10" stroke-width="1"></line></svg>',
			// KaTeX's MathML survives, less its (namespaced) xmlns.
			4: '<math display="block"><semantics><mrow><mi mathvariant="normal">x</mi><mo stretchy="false">(</mo></mrow><annotation encoding="application/x-tex">x(</annotation></semantics></math>',
			5: '<math></math>',
			6: '<svg></svg>',
			7: '<math><mi>x</mi><mtext><b>bold in mtext</b></mtext></math>',
			8: '<svg></svg>',
			11: '<span style="color: blue">u</span>',
			12: '<span style="color: red">v</span>',
			13: '<span style="top: 0px; margin-left: 1em">p</span>',
			15: '<a>spaced</a><a>tab</a>',
			16: '<a>data</a><a>scheme-relative</a><a href="mailto:a@b.c" target="_blank" rel="noopener noreferrer nofollow">mail</a>',
			18: '<img><img><img src="data:image/gif;base64,R0lGODlh" alt="spaced">',
			19: '<p data-md-copy="">d</p><button data-md-copy="" class="md-copy" type="button">b</button>',
			20: '<img alt="c"><p>g</p>',
			21: '<p>c</p><p>s</p><p>sc</p><p title="trimmed">t</p>',
			22: '<div>aria</div>cell',
			23: '<p class="katex">k<span class="anything mord" style="top: -2.5em">m</span></p><p class="md-x">c</p>',
			24: '',
			// The CDATA section is text in SVG: it shows, escaped, and runs nothing.
			26: '<svg>&gt;&lt;img src=x onerror="window.__xss(1026)"&gt;</svg>',
			27: '',
			29: '',
			30: '<input type="checkbox" disabled=""><input type="checkbox" checked="" disabled="">'
		};
		for (const [index, html] of Object.entries(expected)) {
			const [native, dompurify] = results[Number(index)] ?? [];
			assert.equal(native, html, `case ${index}, browser's Sanitizer: ${xssEngineCases[Number(index)]}`);
			assert.equal(dompurify, html, `case ${index}, DOMPurify: ${xssEngineCases[Number(index)]}`);
		}
	});

	test('every output is a fixed point: parsed again as {@html} does, and sanitized again, it stays the same', async () => {
		const unstable = await page.evaluate((payloads) => {
			const { renderMarkdown } = window.markdownUnderTest;
			const found: string[] = [];
			for (const sanitizer of Object.values(window.sanitizers)) {
				for (const payload of [...payloads, ...payloads.flatMap((p) => renderMarkdown(p).map((b) => b.html))]) {
					const clean = sanitizer.sanitizeHtml(payload);
					const template = document.createElement('template');
					template.innerHTML = clean;
					if (template.innerHTML !== clean || sanitizer.sanitizeHtml(clean) !== clean) {
						found.push(`${sanitizer.engine}: ${payload}`);
					}
				}
			}
			return found;
		}, [...xssCorpus, ...xssEngineCases]);
		assert.deepEqual(unstable, []);
	});

	test('a tree that would not survive being parsed again is never returned as HTML', async () => {
		const out = await page.evaluate(() => {
			// An engine whose tree the HTML parser cannot build: a <div> inside a <p>, which
			// {@html} would parse as <p></p><div>…</div><p></p>.
			const sanitizer = window.markdownUnderTest.createSanitizer((html, inert) => {
				const host = inert.createElement('div');
				const p = inert.createElement('p');
				const div = inert.createElement('div');
				const parsed = inert.createElement('template');
				parsed.innerHTML = html;
				div.textContent = parsed.content.textContent;
				p.append(div);
				host.append(p);
				return host;
			}, 'native');
			return sanitizer.sanitizeHtml('a &lt;b&gt;');
		});
		assert.equal(out, 'a &lt;b&gt;');
	});
});

describe('engine choice', () => {
	/** A fresh page with the bundle, after `prepare` ran before any of its scripts. */
	async function engineChosen(prepare: () => void): Promise<string> {
		const fresh = await context.newPage();
		try {
			await fresh.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
			await fresh.evaluate(prepare);
			await fresh.addScriptTag({ content: bundle });
			return await fresh.evaluate(async () => (await window.markdownUnderTest.loadSanitizer()).engine);
		} finally {
			await fresh.close();
		}
	}

	test("Chromium's own Sanitizer where it has one", async () => {
		assert.equal(await engineChosen(() => undefined), 'native');
	});

	test('DOMPurify where the Sanitizer API is missing', async () => {
		assert.equal(
			await engineChosen(() => {
				Reflect.deleteProperty(window, 'Sanitizer');
			}),
			'dompurify'
		);
	});

	test('DOMPurify where setHTML ignores the allowlist (an older draft of the API)', async () => {
		assert.equal(
			await engineChosen(() => {
				Element.prototype.setHTML = function (this: Element, html: string) {
					this.innerHTML = html;
				};
			}),
			'dompurify'
		);
	});
});

describe('DOMPurify is fetched only where needed', () => {
	let appDir: string;

	/** A Vite app build whose page loads the renderer the way Markdown.svelte does. */
	before(async () => {
		appDir = join(dir, 'app');
		await writeFile(
			join(dir, 'main.js'),
			`import { loadRenderer } from ${JSON.stringify(join(root, 'src/lib/ui/markdown/loadRenderer.ts'))};\n` +
				'window.loadRenderer = loadRenderer;\n'
		);
		await writeFile(
			join(dir, 'index.html'),
			'<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module" src="./main.js"></script></body></html>'
		);
		await build({ configFile: false, logLevel: 'silent', root: dir, base: './', build: { outDir: appDir, minify: false } });
	});

	/** Loads the app's renderer; which scripts it fetched, its engine, one sanitized link. */
	async function loadApp(prepare: () => void): Promise<{ scripts: string[]; engine: string; link: string }> {
		const appContext = await browser.newContext();
		const scripts: string[] = [];
		await appContext.route('http://app.test/**', async (route) => {
			const url = new URL(route.request().url()).pathname;
			const path = url === '/' ? '/index.html' : url;
			if (path.endsWith('.js')) scripts.push(path.split('/').pop() ?? path);
			const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
			const body = await readFile(join(appDir, path)).catch(() => undefined);
			await (body
				? route.fulfill({ body, contentType: types[extname(path)] ?? 'application/octet-stream' })
				: route.fulfill({ status: 404 }));
		});
		try {
			const app = await appContext.newPage();
			await app.addInitScript(prepare);
			await app.goto('http://app.test/');
			const { engine, link } = await app.evaluate(async () => {
				const load = (window as unknown as { loadRenderer: () => Promise<{ engine: string; sanitizeHtml(html: string): string }> })
					.loadRenderer;
				const renderer = await load();
				return { engine: renderer.engine, link: renderer.sanitizeHtml('<a href="https://example.com" onclick="x()">x</a>') };
			});
			return { scripts, engine, link };
		} finally {
			await appContext.close();
		}
	}

	test("Chromium with the Sanitizer never fetches DOMPurify; without it, the chunk loads and the result is the same", async () => {
		const chunks = await readdir(join(appDir, 'assets'));
		const purifyChunks: string[] = [];
		for (const chunk of chunks.filter((name) => name.endsWith('.js'))) {
			// DOMPurify's own source, not just a mention of its name.
			if ((await readFile(join(appDir, 'assets', chunk), 'utf8')).includes('SAFE_FOR_XML')) purifyChunks.push(chunk);
		}
		assert.equal(purifyChunks.length, 1, `DOMPurify in ${purifyChunks.join(', ') || 'no chunk'}`);

		const native = await loadApp(() => undefined);
		assert.equal(native.engine, 'native');
		assert.ok(native.scripts.length >= 2, `fetched ${native.scripts.join(', ')}`);
		assert.ok(!native.scripts.some((script) => purifyChunks.includes(script)), `fetched ${native.scripts.join(', ')}`);

		const fallback = await loadApp(() => {
			Reflect.deleteProperty(window, 'Sanitizer');
		});
		assert.equal(fallback.engine, 'dompurify');
		assert.ok(fallback.scripts.some((script) => purifyChunks.includes(script)), `fetched ${fallback.scripts.join(', ')}`);
		assert.equal(fallback.link, native.link);
		assert.equal(native.link, '<a href="https://example.com/" target="_blank" rel="noopener noreferrer nofollow">x</a>');
	});
});
