// The stack as `npm start` runs it (the built app and the edge under wrangler dev, fresh
// local state), with fake OpenAI and Gemini servers standing in for the real APIs, and
// Debian's Chromium driven by playwright-core.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startFakeGemini } from '../../fixtures/fakeGemini.ts';
import { startFakeOpenAI, type FakeServer } from '../../fixtures/fakeOpenAI.ts';
import { freePort, startService, waitForHttp, type Service } from '../../../scripts/lib/processGroup.ts';

export const OPENAI_TEST_KEY = 'sk-test-server-key-1234567890';
export const GEMINI_TEST_KEY = 'AIza-test-server-key-0987654321';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
		args: [...CHROMIUM_ARGS, ...extraArgs]
	});
}

export interface Stack {
	url: string;
	openai: FakeServer;
	gemini: FakeServer;
	browser: Browser;
	/** A fresh browser profile (its own IndexedDB) on the app; `options` adds to the defaults. */
	newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
	close(): Promise<void>;
}

export interface StackOptions {
	/** Extra environment for the edge (e.g. EDGE_ACCESS_TOKEN). */
	env?: NodeJS.ProcessEnv;
	/** Leave out the server-held keys, as on a fresh install. */
	withoutServerKeys?: boolean;
	chromiumArgs?: string[];
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const openai = await startFakeOpenAI({ apiKey: OPENAI_TEST_KEY });
	const gemini = await startFakeGemini({ apiKey: GEMINI_TEST_KEY });
	const stateDir = await mkdtemp(join(tmpdir(), 'atrium-e2e-'));
	const port = await freePort();
	const keys = options.withoutServerKeys
		? {}
		: {
				OPENAI_BASE_URL: openai.url,
				OPENAI_API_KEY: OPENAI_TEST_KEY,
				GEMINI_BASE_URL: gemini.url,
				GEMINI_API_KEY: GEMINI_TEST_KEY
			};
	const app: Service = startService('atrium', process.execPath, [resolve('scripts/start.ts')], {
		env: { PORT: String(port), ATRIUM_STATE_DIR: stateDir, ATRIUM_QUIET: '1', ...keys, ...options.env },
		quiet: !process.env.E2E_VERBOSE
	});
	const url = `http://127.0.0.1:${port}`;
	let browser: Browser;
	try {
		await waitForHttp(`${url}/api/health`, app, 180_000);
		browser = await launchChromium(options.chromiumArgs);
	} catch (error) {
		// Leave nothing listening, or the test runner (and the bench) never exits.
		await app.stop();
		await Promise.allSettled([openai.close(), gemini.close()]);
		await rm(stateDir, { recursive: true, force: true });
		throw error;
	}
	const contexts: BrowserContext[] = [];
	return {
		url,
		openai,
		gemini,
		browser,
		async newContext(contextOptions = {}) {
			const context = await browser.newContext({ baseURL: url, ...contextOptions });
			context.setDefaultTimeout(15_000);
			contexts.push(context);
			return context;
		},
		async close() {
			await Promise.allSettled(contexts.map((c) => c.close()));
			await browser.close();
			await app.stop();
			await Promise.allSettled([openai.close(), gemini.close()]);
			await rm(stateDir, { recursive: true, force: true });
		}
	};
}

/** A new browser profile on the home page with a server model picked. */
export async function openChat(stack: Stack, model = 'gpt-4o-mini'): Promise<Page> {
	const context = await stack.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await pickModel(page, model);
	return page;
}

/** Types into the composer and sends with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
	const box = page.getByRole('textbox', { name: 'Message' });
	await box.fill(text);
	await box.press('Enter');
}

/** The model picker's value for the first model whose label contains `name`. */
export async function pickModel(page: Page, name: string): Promise<void> {
	const picker = page.getByRole('combobox', { name: 'Model' });
	await picker.locator('option', { hasText: name }).first().waitFor({ state: 'attached' });
	const value = await picker.locator('option', { hasText: name }).first().getAttribute('value');
	if (!value) throw new Error(`No model option matches "${name}"`);
	await picker.selectOption(value);
}

/** Waits until no reply is streaming (the composer shows Send again). */
export async function waitIdle(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Send' }).waitFor();
}

/** Asks "Original wording", then edits it to "Better wording": two branches from the root. */
export async function editIntoBranch(page: Page): Promise<void> {
	await sendMessage(page, 'Original wording');
	await assistantMessages(page).filter({ hasText: 'Echo: Original wording' }).waitFor();
	await waitIdle(page);
	await page.getByRole('button', { name: 'Edit' }).click();
	const editor = page.getByRole('textbox', { name: 'Edit message' });
	await editor.fill('Better wording');
	await editor.press('Enter');
	await assistantMessages(page).filter({ hasText: 'Echo: Better wording' }).waitFor();
	await waitIdle(page);
}

export function assistantMessages(page: Page) {
	return page.locator('article[data-role="assistant"]');
}

export function userMessages(page: Page) {
	return page.locator('article[data-role="user"]');
}

/** Base64 for the fake servers' `[[reply:…]]` directive. */
export function replyDirective(text: string): string {
	return `[[reply:${Buffer.from(text, 'utf8').toString('base64')}]]`;
}
