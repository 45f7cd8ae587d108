// The installable app: manifest and icons, the service worker controlling the page, the
// install offer, the share target, the offline banner, storage use and quota errors, and
// the update flow after a new build. The stack serves a copy of the build, so the update
// test can swap in a new service worker while the server runs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { run } from '../../scripts/lib/run.ts';
import { assistantMessages, CHROMIUM_ARGS, pickModel, sendMessage, startStack, userMessages, type Stack } from './support/stack.ts';

const STORAGE_FULL = /Browser storage is full — delete old conversations or free space; nothing stored was lost/;

let stack: Stack;
let assetsDir: string;
before(async () => {
	if (process.env.ATRIUM_SKIP_BUILD !== '1') await run(resolve('node_modules/.bin/vite'), ['build', '--logLevel', 'warn']);
	assetsDir = join(await mkdtemp(join(tmpdir(), 'atrium-pwa-')), 'assets');
	await cp(resolve('.svelte-kit/cloudflare'), assetsDir, { recursive: true });
	stack = await startStack({ env: { ATRIUM_ASSETS_DIR: assetsDir, ATRIUM_SKIP_BUILD: '1' } });
});
after(async () => {
	await stack?.close();
	if (assetsDir) await rm(resolve(assetsDir, '..'), { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
	assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
	assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function controlled(page: Page): Promise<void> {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

/**
 * A browser profile on disk. Install criteria and persistent storage are not available
 * to the incognito-like contexts `stack.newContext()` makes.
 */
async function withProfile(test: (context: BrowserContext) => Promise<void>): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), 'atrium-profile-'));
	const context = await chromium.launchPersistentContext(dir, {
		executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
		args: CHROMIUM_ARGS,
		baseURL: stack.url
	});
	context.setDefaultTimeout(15_000);
	try {
		await test(context);
	} finally {
		await context.close();
		await rm(dir, { recursive: true, force: true });
	}
}

/** A value from the app's `settings` table, read straight from IndexedDB. */
function readSetting(page: Page, key: string): Promise<unknown> {
	return page.evaluate(settingValue, key);
}

/** Waits until the app has stored `key` in its settings. */
async function waitForSetting(page: Page, key: string): Promise<void> {
	await until(async () => (await readSetting(page, key)) !== undefined);
}

/**
 * Checks until `check` holds. (`page.waitForFunction` cannot wait on a promise, and
 * IndexedDB and the service worker API only answer with one.)
 */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

// Runs in the page (Playwright serialises it), so it uses nothing from this module.
function settingValue(settingKey: string): Promise<unknown> {
	return new Promise((done, fail) => {
		const open = indexedDB.open('atrium');
		open.onerror = () => fail(open.error);
		open.onsuccess = () => {
			const get = open.result.transaction('settings').objectStore('settings').get(settingKey);
			get.onsuccess = () => done((get.result as { value?: unknown } | undefined)?.value);
			get.onerror = () => fail(get.error);
		};
	});
}

async function completeExchange(page: Page, text: string): Promise<void> {
	await sendMessage(page, text);
	await assistantMessages(page).filter({ hasText: `Echo: ${text}` }).waitFor();
	await page.getByRole('button', { name: 'Send' }).waitFor();
}

describe('installable app', () => {
	it('links a manifest with the fields, colours, shortcuts, share target and icons an install needs', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		const href = await page.locator('link[rel="manifest"]').getAttribute('href');
		assert.equal(href, '/manifest.webmanifest');
		const response = await context.request.get(href);
		assert.equal(response.status(), 200);
		assert.match(response.headers()['content-type'] ?? '', /application\/manifest\+json/);
		const manifest = (await response.json()) as Record<string, unknown> & {
			icons: { src: string; sizes: string; type: string; purpose?: string }[];
			shortcuts: { name: string; url: string }[];
			share_target: { action: string; method: string; params: Record<string, unknown> };
		};
		assert.equal(manifest.name, 'Atrium');
		assert.equal(manifest.short_name, 'Atrium');
		assert.equal(manifest.start_url, '/');
		assert.equal(manifest.scope, '/');
		assert.equal(manifest.id, '/');
		assert.equal(manifest.display, 'standalone');
		assert.ok(typeof manifest.description === 'string' && manifest.description.length > 0);
		// The same colours as --bg in app.css; the page's theme-color metas cover dark mode.
		assert.equal(manifest.theme_color, '#ffffff');
		assert.equal(manifest.background_color, '#ffffff');
		const themes = await page.locator('meta[name="theme-color"]').evaluateAll((metas) =>
			metas.map((m) => [m.getAttribute('media'), m.getAttribute('content')])
		);
		assert.deepEqual(themes, [
			['(prefers-color-scheme: light)', '#ffffff'],
			['(prefers-color-scheme: dark)', '#0f1115']
		]);
		assert.deepEqual(
			manifest.shortcuts.map((s) => [s.name, s.url]),
			[['New chat', '/']]
		);
		assert.deepEqual(manifest.share_target, {
			action: '/share',
			method: 'POST',
			enctype: 'multipart/form-data',
			params: {
				title: 'title',
				text: 'text',
				url: 'url',
				files: [{ name: 'files', accept: ['image/*', 'application/pdf', 'text/*', '.md', '.json', '.csv', '.ts', '.js', '.py'] }]
			}
		});

		const wanted = new Set(['192x192 any', '512x512 any', '512x512 maskable']);
		for (const icon of manifest.icons) {
			wanted.delete(`${icon.sizes} ${icon.purpose ?? 'any'}`);
			const file = await context.request.get(icon.src);
			assert.equal(file.status(), 200, icon.src);
			assert.equal(file.headers()['content-type'], 'image/png', icon.src);
			const { width, height } = pngSize(await file.body());
			assert.equal(`${width}x${height}`, icon.sizes, icon.src);
		}
		assert.deepEqual([...wanted], [], 'icons missing from the manifest');

		const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
		assert.ok(touch);
		assert.deepEqual(pngSize(await (await context.request.get(touch)).body()), { width: 180, height: 180 });

		// Chromium's own reading of it: parsed without errors.
		const cdp = await context.newCDPSession(page);
		const { errors } = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[] };
		assert.deepEqual(errors, []);
		await context.close();
	});

	it('meets Chromium’s install criteria once the service worker controls the page', async () => {
		await withProfile(async (context) => {
			const page = await context.newPage();
			await page.goto('/');
			await controlled(page);
			const cdp = await context.newCDPSession(page);
			const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
				installabilityErrors: { errorId: string }[];
			};
			assert.deepEqual(installabilityErrors, []);
			// The manifest and icons are precached, so an installed app starts offline too.
			const precached = await page.evaluate(async () => {
				const urls: string[] = [];
				for (const name of await caches.keys()) {
					for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
				}
				return urls;
			});
			for (const path of ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/maskable-512.png']) {
				assert.ok(precached.includes(path), `${path} is not precached`);
			}
		});
	});

	it('precaches only the app shell; a heavy module or data file is cached when first loaded, then works offline', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await controlled(page);
		const cached = () =>
			page.evaluate(async () => {
				const byCache: Record<string, string[]> = {};
				for (const name of await caches.keys()) {
					byCache[name] = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
				}
				return byCache;
			});
		const precached = Object.entries(await cached())
			.filter(([name]) => name.startsWith('workbox-precache'))
			.flatMap(([, paths]) => paths);
		const workers = await readdir(join(assetsDir, '_app/immutable/workers'));
		const worker = (name: string) => `/_app/immutable/workers/${workers.find((file) => file.startsWith(`${name}.worker-`))}`;
		// The shell: the page, its scripts and the workers that render and search conversations.
		for (const path of ['/', worker('markdown'), worker('search')]) assert.ok(precached.includes(path), `${path} is not precached`);
		assert.ok(precached.some((path) => path.startsWith('/_app/immutable/entry/start.')), 'the entry is not precached');
		// Not the shell: pdf.js, WebLLM and the OCR data wait for first use.
		const heavy = [worker('pdf'), worker('webllm'), '/_app/ocr/eng.traineddata.gz'];
		for (const path of heavy) assert.ok(!precached.includes(path), `${path} is precached`);
		let bytes = 0;
		for (const path of precached) bytes += path === '/' ? 0 : (await stat(join(assetsDir, path))).size;
		assert.ok(bytes < 4 * 1024 * 1024, `the precache holds ${bytes} bytes`);

		const load = (paths: string[]) =>
			page.evaluate(async (urls) => Promise.all(urls.map(async (url) => (await fetch(url)).status)), paths);
		const firstUse = [worker('pdf'), '/_app/ocr/eng.traineddata.gz'];
		assert.deepEqual(await load(firstUse), [200, 200]);
		await until(async () => {
			const modules = (await cached())['atrium-modules'] ?? [];
			return firstUse.every((path) => modules.includes(path));
		});
		await context.setOffline(true);
		assert.deepEqual(await load(firstUse), [200, 200]);
		await context.close();
	});

	it('offers "Install Atrium" only after a first conversation, and remembers a dismissal', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		// Headless Chromium does not raise the prompt itself; this is the event it would send.
		const offerPrompt = () =>
			page.evaluate(() => {
				const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & Record<string, unknown>;
				const w = window as unknown as { prompted: number };
				w.prompted = 0;
				event.prompt = async () => void (w.prompted += 1);
				event.userChoice = Promise.resolve({ outcome: 'dismissed', platform: 'web' });
				window.dispatchEvent(event);
				return event.defaultPrevented;
			});
		const install = page.getByRole('button', { name: 'Install Atrium' });

		assert.equal(await offerPrompt(), true, 'the browser’s own mini-infobar is held back');
		await page.getByRole('link', { name: 'Settings' }).waitFor();
		assert.equal(await install.count(), 0, 'no offer before the user has anything to keep');

		await completeExchange(page, 'Worth keeping');
		await install.waitFor();
		await install.click();
		assert.equal(await page.evaluate(() => (window as unknown as { prompted: number }).prompted), 1);
		// "Not now" in the browser's dialog counts as a dismissal.
		await install.waitFor({ state: 'detached' });

		await page.reload();
		await assistantMessages(page).first().waitFor();
		await offerPrompt();
		await page.getByRole('link', { name: 'Settings' }).waitFor();
		assert.equal(await readSetting(page, 'pwa.installDismissed'), true);
		assert.equal(await install.count(), 0);
		await context.close();
	});

	it('the × on the offer hides it for good', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await completeExchange(page, 'Another keeper');
		await page.evaluate(() => {
			const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & Record<string, unknown>;
			event.prompt = async () => undefined;
			event.userChoice = Promise.resolve({ outcome: 'accepted', platform: 'web' });
			window.dispatchEvent(event);
		});
		await page.getByRole('button', { name: 'Install Atrium' }).waitFor();
		await page.getByRole('button', { name: 'Don’t offer to install again' }).click();
		await page.getByRole('button', { name: 'Install Atrium' }).waitFor({ state: 'detached' });
		await context.close();
	});
});

describe('share target', () => {
	it('opens a new chat with the shared text and link in the composer, and sends nothing', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		const before = stack.openai.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
		const query = new URLSearchParams({ title: 'An article', text: 'Summarise this, please', url: 'https://example.com/post' });
		await page.goto(`/share?${query}`);
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.waitFor();
		assert.equal(await box.inputValue(), 'An article\n\nSummarise this, please\n\nhttps://example.com/post');
		await page.getByRole('heading', { name: 'What are we working on?' }).waitFor();
		assert.equal(await userMessages(page).count(), 0);

		// The user edits and sends it like any message.
		await pickModel(page, 'gpt-4o-mini');
		await box.press('Enter');
		await assistantMessages(page).filter({ hasText: 'Echo: An article' }).waitFor();
		await page.waitForURL(/\/c\/[\w-]+$/);
		const after = stack.openai.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
		assert.ok(after > before);
		await context.close();
	});

	it('takes files shared into it: an image is attached, an unsupported file is refused with its reason', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await controlled(page);
		// What the OS share sheet does: a multipart POST to the manifest's action, here from
		// a form the test builds, with a PNG drawn on a canvas and a file Atrium cannot read.
		await page.evaluate(async () => {
			const canvas = new OffscreenCanvas(64, 48);
			const draw = canvas.getContext('2d')!;
			draw.fillStyle = '#2a6';
			draw.fillRect(0, 0, 64, 48);
			const png = await canvas.convertToBlob({ type: 'image/png' });
			const files = new DataTransfer();
			files.items.add(new File([png], 'photo.png', { type: 'image/png' }));
			files.items.add(new File([new Uint8Array([77, 90, 0, 1])], 'setup.exe', { type: 'application/x-msdownload' }));
			const form = document.createElement('form');
			form.method = 'post';
			form.enctype = 'multipart/form-data';
			form.action = '/share';
			const text = Object.assign(document.createElement('input'), { name: 'text', value: 'What is in this picture?' });
			const input = Object.assign(document.createElement('input'), { type: 'file', name: 'files', multiple: true });
			input.files = files.files;
			form.append(text, input);
			document.body.append(form);
			form.submit();
		});
		await page.waitForURL(/\/share\?.*files=/);
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.waitFor();
		assert.equal(await box.inputValue(), 'What is in this picture?');
		const chips = page.getByRole('list', { name: 'Attachments' });
		await chips.locator('li[data-state="ready"]', { hasText: 'photo' }).waitFor({ timeout: 30_000 });
		await chips.getByRole('alert').filter({ hasText: '“setup.exe” cannot be attached' }).waitFor();
		// Taken once: a reload does not attach the same files again.
		await page.reload();
		await box.waitFor();
		assert.equal(await chips.locator('li').count(), 0);
		await context.close();
	});
});

describe('offline and storage', () => {
	it('shows an offline status while the network is gone', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await controlled(page);
		const banner = page.getByRole('status').filter({ hasText: 'Offline' });
		assert.equal(await banner.count(), 0);
		await context.setOffline(true);
		await banner.waitFor();
		assert.match(await banner.innerText(), /Offline — your conversations are here; messages you send wait and go out when you are back online/);
		await context.setOffline(false);
		await banner.waitFor({ state: 'detached' });
		await context.close();
	});

	it('asks for persistent storage after the first conversation; Settings shows use, quota and persistence', async () => {
		await withProfile(async (context) => {
			const page = await openChatIn(context);
			assert.equal(await readSetting(page, 'pwa.persistenceAsked'), undefined);
			await completeExchange(page, 'Keep this safe');
			// Chromium answers from its own signals, without a dialog: here, "no" for now.
			await waitForSetting(page, 'pwa.persistenceAsked');
			await page.getByRole('link', { name: 'Settings' }).click();
			const usage = page.getByTestId('storage-usage');
			await usage.waitFor();
			assert.match(await usage.innerText(), /Atrium uses [\d.]+ (bytes|KB|MB|GB) of the [\d.]+ (KB|MB|GB|TB) this browser allows it/);
			const persistence = page.getByTestId('storage-persistence');
			await persistence.waitFor();
			assert.match(await persistence.innerText(), /best-effort/);

			// Installing or bookmarking is what makes Chromium agree; the test grants the
			// permission those signals stand for.
			const cdp = await context.newCDPSession(page);
			await cdp.send('Browser.grantPermissions', { origin: stack.url, permissions: ['durableStorage'] });
			await page.getByRole('button', { name: 'Make storage persistent' }).click();
			await persistence.filter({ hasNotText: 'best-effort' }).waitFor();
			assert.match(await persistence.innerText(), /Storage is persistent/);
			assert.equal(await page.evaluate(() => navigator.storage.persisted()), true);
		});
	});

	it('a write refused for lack of space says what to clean up, keeps the text and loses nothing', async () => {
		// Chromium reads an origin's quota when its storage first opens, so the override goes
		// in before the page loads: room for a first exchange (measured in a profile without
		// an override), not for a long message after it. No service worker: its cache would
		// count against the quota too.
		const first = 'Stored before the disk filled';
		const used = await usageAfterFirstExchange(first);
		const context = await stack.browser.newContext({ baseURL: stack.url, serviceWorkers: 'block' });
		context.setDefaultTimeout(15_000);
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Storage.overrideQuotaForOrigin', { origin: stack.url, quotaSize: used + 40_000 });
		try {
			await page.goto('/');
			await pickModel(page, 'gpt-4o-mini');
			await completeExchange(page, first);
			// Random text, so the store cannot compress it below the room that is left.
			const long = randomBytes(67_500).toString('base64');
			await sendMessage(page, long);
			const alert = page.getByRole('alert').filter({ hasText: 'storage is full' });
			await alert.waitFor();
			assert.match(await alert.innerText(), STORAGE_FULL);
			assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), long);
			await page.reload();
			await assistantMessages(page).filter({ hasText: `Echo: ${first}` }).waitFor();
			assert.equal(await userMessages(page).count(), 1);
		} finally {
			await cdp.send('Storage.overrideQuotaForOrigin', { origin: stack.url });
			await context.close();
		}
	});
});

/** Bytes a fresh profile uses once it holds one short exchange (no service worker). */
async function usageAfterFirstExchange(text: string): Promise<number> {
	const context = await stack.browser.newContext({ baseURL: stack.url, serviceWorkers: 'block' });
	context.setDefaultTimeout(15_000);
	try {
		const page = await openChatIn(context);
		await completeExchange(page, text);
		return await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	} finally {
		await context.close();
	}
}

async function openChatIn(context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	await page.goto('/');
	await pickModel(page, 'gpt-4o-mini');
	return page;
}

describe('update flow', () => {
	it('after a new build, Reload waits for the streaming reply, then the new worker takes over', async () => {
		const context = await stack.newContext();
		const page = await openChatIn(context);
		await completeExchange(page, 'Before the update');
		await controlled(page);

		// A new build: the service worker carries a new version (and so new precache revisions).
		const workerFile = join(assetsDir, 'service-worker.js');
		const oldWorker = await readFile(workerFile, 'utf8');
		const { version } = JSON.parse(await readFile(join(assetsDir, '_app/version.json'), 'utf8')) as { version: string };
		assert.ok(oldWorker.includes(`\`${version}\``), 'the worker embeds the build version');
		const next = `${version}-next`;
		// The worker file last, so it is the change wrangler dev settles on.
		await writeFile(join(assetsDir, '_app/version.json'), JSON.stringify({ version: next }));
		await writeFile(workerFile, oldWorker.replaceAll(`\`${version}\``, `\`${next}\``));
		// wrangler dev watches the assets directory and reloads (more than once for several
		// changes). The browser checks for a new worker on navigation and on update(); ask
		// until it has found this one.
		await until(() =>
			page.evaluate(async () => {
				const registration = await navigator.serviceWorker.getRegistration();
				if (registration && !registration.installing && !registration.waiting) await registration.update().catch(() => undefined);
				return Boolean(registration?.installing || registration?.waiting);
			})
		);
		const toast = page.getByTestId('update-toast');
		await toast.filter({ hasText: 'A new version is ready.' }).waitFor();
		// A tab opened while the new worker waits offers it too: its update flow (workbox-window
		// and the toast, decision 0035) loads at its start because a worker waits.
		const other = await context.newPage();
		await other.goto('/');
		const otherToast = other.getByTestId('update-toast');
		await otherToast.filter({ hasText: 'A new version is ready.' }).getByRole('button', { name: 'Reload' }).waitFor();

		// A reply is streaming: Reload waits for it instead of cutting it off.
		await sendMessage(page, '[[slow:30]] during the update');
		await assistantMessages(page).last().filter({ hasText: 'tick 2.' }).waitFor();
		await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
		const reloaded = page.waitForEvent('load', { timeout: 30_000 });
		await toast.getByRole('button', { name: 'Reload' }).click();
		await toast.filter({ hasText: 'reloading when the reply finishes' }).waitFor();
		await reloaded;

		await controlled(page);
		assert.equal(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate), undefined);
		const worker = await page.evaluate(async (nextVersion) => {
			const registration = await navigator.serviceWorker.getRegistration();
			let newRevision = false;
			for (const name of await caches.keys()) {
				for (const request of await (await caches.open(name)).keys()) {
					if (request.url.includes(`__WB_REVISION__=${nextVersion}`)) newRevision = true;
				}
			}
			return { waiting: registration?.waiting ?? null, active: registration?.active?.state, newRevision };
		}, next);
		assert.deepEqual(worker, { waiting: null, active: 'activated', newRevision: true });
		// The reply finished before the reload: complete, not interrupted.
		const reply = assistantMessages(page).filter({ hasText: 'tick 30.' });
		await reply.waitFor();
		assert.equal(await reply.getByText('This reply was interrupted').count(), 0);
		assert.equal(await toast.count(), 0);
		// The other tab is not reloaded under its user: it says what happened.
		await otherToast.filter({ hasText: 'Atrium was updated in another tab.' }).waitFor();
		await context.close();
	});
});
