/**
 * Proves in a real Chromium that no XSS corpus payload runs once rendered by the markdown
 * renderer and sanitized by the main-thread sanitizer, whether rendered in full or
 * streamed block by block, and that the sanitizer keeps what KaTeX and highlight.js need;
 * all of it on both sanitizing engines (the browser's Sanitizer and DOMPurify, decision
 * 0026); plus the code blocks' copy button, which only a real DOM can exercise.
 * Run: node --test tests/e2e/markdownXss.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { xssCorpus } from '../fixtures/xssCorpus.ts';
import { xssEngineCases } from '../fixtures/xssEngineCases.ts';
import { bundleMarkdownForBrowser, engines, loadMarkdownBundle } from './support/markdownBundle.ts';
import { launchChromium } from './support/stack.ts';

/** The corpus plus the raw HTML on which the two sanitizing engines could differ. */
const payloads = [...xssCorpus, ...xssEngineCases];

interface Hit {
	n: number;
	url: string;
}

let dir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const hits: Hit[] = [];
const dialogs: string[] = [];
/** Requests other than top-level navigations: a render must never fetch anything. */
const subresources: string[] = [];

function watch(target: Page): void {
	target.on('dialog', (dialog: Dialog) => {
		dialogs.push(`${dialog.type()}: ${dialog.message()}`);
		void dialog.dismiss().catch(() => undefined);
	});
}

before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'atrium-md-xss-'));
	const bundle = await bundleMarkdownForBrowser(dir);
	browser = await launchChromium();
	context = await browser.newContext();
	// A binding reaches every frame and popup of the context, so a payload that runs in an
	// iframe or a new window is caught too.
	await context.exposeBinding('__xss', (source, n: number) => {
		hits.push({ n, url: source.frame.url() });
	});
	await context.route('**/*', async (route) => {
		const request = route.request();
		if (!request.isNavigationRequest()) subresources.push(request.url());
		await route.abort();
	});
	context.on('page', watch);
	page = await context.newPage();
	await loadMarkdownBundle(page, bundle);
});

after(async () => {
	await browser?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

/** Hovers, focuses and really clicks everything a user could touch in the page body. */
async function interactWithEverything(): Promise<void> {
	await page.evaluate(() => {
		for (const element of document.body.querySelectorAll('*')) {
			for (const type of ['mouseover', 'mouseenter', 'pointerdown', 'focus', 'animationstart']) {
				element.dispatchEvent(new Event(type, { bubbles: true }));
			}
			if (element instanceof HTMLElement) element.focus();
		}
	});
	const clickable = await page.locator('a, button, summary, input, label, math, svg, details').all();
	for (const target of clickable) {
		await target.click({ force: true, noWaitAfter: true, timeout: 2_000 }).catch(() => undefined);
	}
	await page.waitForTimeout(500);
}

function assertNothingRan(): void {
	assert.deepEqual(hits, [], 'a payload ran');
	assert.deepEqual(dialogs, [], 'a dialog opened');
	assert.deepEqual(subresources, [], 'rendering fetched something');
	assert.equal(page.url(), 'about:blank', 'the page navigated away');
}

function resetObservations(): void {
	hits.length = 0;
	dialogs.length = 0;
	subresources.length = 0;
}

test('the harness detects a payload that does run (positive control)', async () => {
	resetObservations();
	await page.evaluate(() => {
		document.body.innerHTML =
			'<img src="data:," onerror="window.__xss(-1)"><a href="javascript:window.__xss(-2)">go</a>';
	});
	await page.waitForTimeout(200);
	await interactWithEverything();
	assert.deepEqual(hits.map((hit) => hit.n).sort(), [-1, -2]);
	resetObservations();
});


for (const engine of engines) {
	describe(`markdown XSS corpus in Chromium (${engine})`, () => {
		test(`no payload of ${payloads.length} runs when rendered in full`, async () => {
			assert.ok(xssCorpus.length >= 40 && xssEngineCases.length >= 25);
			resetObservations();
			await page.evaluate(({ corpus, engine }) => {
				const { renderMarkdown } = window.markdownUnderTest;
				const { sanitizeHtml } = window.sanitizers[engine];
				document.body.innerHTML = '';
				for (const payload of corpus) {
					const message = document.createElement('div');
					for (const block of renderMarkdown(payload)) {
						const element = document.createElement('div');
						element.innerHTML = sanitizeHtml(block.html);
						message.append(element);
					}
					document.body.append(message);
				}
			}, { corpus: payloads, engine });
			await page.waitForTimeout(500);
			await interactWithEverything();
			assertNothingRan();
		});

		test('the sanitizer alone stops every payload given to it as raw HTML', async () => {
			resetObservations();
			await page.evaluate(({ corpus, engine }) => {
				const { sanitizeHtml } = window.sanitizers[engine];
				document.body.innerHTML = '';
				for (const payload of corpus) {
					const element = document.createElement('div');
					element.innerHTML = sanitizeHtml(payload);
					document.body.append(element);
				}
			}, { corpus: payloads, engine });
			await page.waitForTimeout(500);
			await interactWithEverything();
			assertNothingRan();
		});

		test('no payload runs when streamed in random chunks, block by block', async () => {
			resetObservations();
			await page.evaluate(({ corpus, engine }) => {
				const { createIncrementalRenderer } = window.markdownUnderTest;
				const { sanitizeHtml } = window.sanitizers[engine];
				document.body.innerHTML = '';
				let seed = 7;
				const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
				for (const payload of corpus) {
					const message = document.createElement('div');
					document.body.append(message);
					const renderer = createIncrementalRenderer();
					// Patch the DOM the way the component does: replace changed blocks only.
					const apply = (patch: { changedFrom: number; blocks: { html: string }[] }): void => {
						while (message.children.length > patch.changedFrom) message.lastElementChild?.remove();
						for (const block of patch.blocks) {
							const element = document.createElement('div');
							element.innerHTML = sanitizeHtml(block.html);
							message.append(element);
						}
					};
					for (let end = 0; end < payload.length; ) {
						end = Math.min(payload.length, end + 1 + Math.floor(random() * 7));
						apply(renderer.update(payload.slice(0, end)));
					}
					apply(renderer.finish(payload));
				}
			}, { corpus: payloads, engine });
			await page.waitForTimeout(500);
			await interactWithEverything();
			assertNothingRan();
		});
	});

	describe(`sanitizer policy in Chromium (${engine})`, () => {
		test('keeps the structure of benign messages: KaTeX, MathML, SVG, highlight classes', async () => {
			const differences = await page.evaluate((engine) => {
				const { renderMarkdown, sampleDocuments } = window.markdownUnderTest;
				const { sanitizeHtml } = window.sanitizers[engine];
				// Tags, classes, the inline style as the browser applies it (KaTeX writes a few
				// declarations the browser ignores, like negative heights), and the text.
				const shape = (html: string): string => {
					const template = document.createElement('template');
					template.innerHTML = html;
					const elements = [...template.content.querySelectorAll<HTMLElement | SVGElement | MathMLElement>('*')];
					const described = elements.map((el) => `${el.localName}.${el.getAttribute('class') ?? ''}[${el.style.cssText}]`);
					return `${described.join(' ')}|${template.content.textContent}`;
				};
				const found: string[] = [];
				for (const doc of sampleDocuments) {
					for (const block of renderMarkdown(doc.text)) {
						if (shape(block.html) !== shape(sanitizeHtml(block.html))) found.push(`${doc.name}: ${block.html.slice(0, 120)}`);
					}
				}
				return found;
			}, engine);
			assert.deepEqual(differences, []);
		});

		test('applies the link, image, style and class rules', async () => {
			const out = await page.evaluate((engine) => {
				const { sanitizeHtml } = window.sanitizers[engine];
				return {
					link: sanitizeHtml('<a href="https://example.com/x">x</a>'),
					badLink: sanitizeHtml('<a href="javascript:alert(1)" target="_self">x</a>'),
					relative: sanitizeHtml('<a href="/settings">x</a>'),
					remoteImage: sanitizeHtml('<img src="https://evil.example/p.png?q=secret" alt="p">'),
					inlineImage: sanitizeHtml('<img src="data:image/png;base64,iVBORw0KGgo=" alt="i">'),
					style: sanitizeHtml('<span style="position:fixed;inset:0;z-index:9;top:-1em;color:red;background:url(https://x)">s</span>'),
					relative_position: sanitizeHtml('<span style="position:relative;top:0.2em">r</span>'),
					classes: sanitizeHtml('<span class="fixed inset-0 hljs-keyword md-code function_">c</span>'),
					katexClasses: sanitizeHtml('<span class="katex"><span class="mord mathnormal">x</span></span>'),
					button: sanitizeHtml('<button class="md-copy" data-md-copy="" aria-label="Copy code" onclick="x()">Copy</button>'),
					input: sanitizeHtml('<input type="text" value="v"><input type="checkbox" checked>'),
					mathHref: sanitizeHtml('<math href="https://example.com"><mi>x</mi></math>'),
					ids: sanitizeHtml('<p id="cookie" name="location" data-x="1">p</p>')
				};
			}, engine);
			assert.equal(out.link, '<a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow">x</a>');
			assert.equal(out.badLink, '<a>x</a>');
			assert.equal(out.relative, '<a>x</a>');
			assert.equal(out.remoteImage, '<img alt="p">');
			assert.equal(out.inlineImage, '<img src="data:image/png;base64,iVBORw0KGgo=" alt="i">');
			// `inset` expands to top/right/bottom/left; the offsets are inert without positioning.
			assert.equal(out.style, '<span style="bottom: 0px; left: 0px; top: -1em; color: red; background-color: initial">s</span>');
			assert.equal(out.relative_position, '<span style="position: relative; top: 0.2em">r</span>');
			assert.equal(out.classes, '<span class="hljs-keyword md-code function_">c</span>');
			assert.equal(out.katexClasses, '<span class="katex"><span class="mord mathnormal">x</span></span>');
			assert.equal(out.button, '<button class="md-copy" data-md-copy="" aria-label="Copy code" type="button">Copy</button>');
			assert.equal(out.input, '<input type="checkbox" disabled=""><input type="checkbox" checked="" disabled="">');
			assert.equal(out.mathHref, '<math><mi>x</mi></math>');
			assert.equal(out.ids, '<p>p</p>');
		});
	});
}

describe('code block copy button in Chromium', () => {
	test('copies the raw code and says so briefly', async () => {
		const code = 'const a = "<b>" && 1 < 2;\n\tconsole.log(a);';
		const result = await page.evaluate(async (code) => {
			const { renderMarkdown, copyCodeOnClick } = window.markdownUnderTest;
			const { sanitizeHtml } = window.sanitizers.native;
			const copied: string[] = [];
			Object.defineProperty(navigator, 'clipboard', {
				configurable: true,
				value: { writeText: async (text: string) => void copied.push(text) }
			});
			document.body.innerHTML = '<div id="message"></div>';
			const message = document.getElementById('message') as HTMLElement;
			message.innerHTML = renderMarkdown('```ts\n' + code + '\n```').map((b) => sanitizeHtml(b.html)).join('');
			copyCodeOnClick(message);
			const button = message.querySelector('button') as HTMLButtonElement;
			const before = [button.textContent, button.getAttribute('aria-label')];
			button.click();
			await new Promise((resolve) => setTimeout(resolve, 50));
			const during = [button.textContent, button.getAttribute('aria-label')];
			await new Promise((resolve) => setTimeout(resolve, 1600));
			return { copied, before, during, after: [button.textContent, button.getAttribute('aria-label')] };
		}, code);
		assert.deepEqual(result.copied, [code]);
		assert.deepEqual(result.before, ['Copy', 'Copy code']);
		assert.deepEqual(result.during, ['Copied', 'Copied']);
		assert.deepEqual(result.after, ['Copy', 'Copy code']);
	});
});
