// What the home page leaves for later (decision 0022, round 3): the send path, the thread and
// voice input are not fetched while a new chat opens and settles, and each is fetched once
// the user turns to it — the send path and the thread on the composer's focus, voice input
// on the mic's first press — and a message sent right after works as before.
// What a stored conversation leaves for later (decision 0030): the templates (shown on a new
// chat only), the draft's attachment code (with the first file), the sources under a reply
// (with a message that has some) and Share's dialog (on its first press); a file added while
// its code cannot load waits for Try again.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { signUpAndVerify } from './support/accountFlows.ts';
import { seedConversation, type SeedOptions } from './support/seed.ts';
import { assistantMessages, pickModel, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
const LATER = {
	send: 'src/lib/features/chat/chatSessionSend.ts',
	thread: 'src/lib/features/chat/chatThread.ts',
	edgeStream: 'src/lib/providers/edgeStream.ts',
	voice: 'src/lib/features/voice/VoiceControl.svelte'
} as const;
const ON_USE = {
	templates: 'src/lib/features/templates/TemplatePicker.svelte',
	attachments: 'src/lib/features/attachments/composerFiles.ts',
	sources: 'src/lib/features/documents/CitationList.svelte',
	share: 'src/lib/features/rooms/ShareRoom.svelte'
} as const;

let stack: Stack;
let files: Record<keyof typeof LATER, string>;
let parts: Record<keyof typeof ON_USE, string>;
before(async () => {
	const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, { file: string }>;
	const chunks = <T extends Record<string, string>>(sources: T) =>
		Object.fromEntries(
			Object.entries(sources).map(([name, source]) => {
				const entry = manifest[source];
				assert.ok(entry, `${source} is not a chunk of its own in the build`);
				return [name, `/${entry.file}`];
			})
		) as Record<keyof T, string>;
	files = chunks(LATER);
	parts = chunks(ON_USE);
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

describe('startup loading', () => {
	it('fetches the send path, the thread and voice input only when the user turns to them', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		const fetched = new Set<string>();
		page.on('request', (request) => fetched.add(new URL(request.url()).pathname));
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1_000);
		for (const [name, file] of Object.entries(files)) assert.ok(!fetched.has(file), `${name} (${file}) loaded with the first screen`);
		// A new chat shows its templates, so their code comes with it.
		await page.getByRole('navigation', { name: 'Start from a template' }).waitFor();
		assert.ok(fetched.has(parts.templates), 'the templates shown on a new chat were not fetched');

		const sendPath = page.waitForRequest((request) => request.url().endsWith(files.send));
		const thread = page.waitForRequest((request) => request.url().endsWith(files.thread));
		await page.getByRole('textbox', { name: 'Message' }).focus();
		await Promise.all([sendPath, thread]);
		assert.ok(!fetched.has(files.voice), 'voice input loaded before the mic was pressed');

		const voice = page.waitForRequest((request) => request.url().endsWith(files.voice));
		await page.getByRole('button', { name: 'Record voice' }).click();
		await voice;
		// No connection can transcribe here (server keys only): the loaded module says so.
		await page.getByRole('alert').filter({ hasText: 'Voice input needs' }).waitFor();

		await sendMessage(page, 'Hello after focus');
		await assistantMessages(page).filter({ hasText: 'Echo: Hello after focus' }).waitFor();
		await waitIdle(page);
		await context.close();
	});
});

/** Opens `path` in a new page and returns every path it fetched until the network settled (+1 s, as the bundle bench). */
async function settle(page: Page, path: string): Promise<Set<string>> {
	const fetched = new Set<string>();
	page.on('request', (request) => fetched.add(new URL(request.url()).pathname));
	await page.goto(path);
	await page.getByText('message number 5').waitFor();
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(1_000);
	return fetched;
}

/** Seeds a conversation through a page of `context` that has opened the app (so its database exists). */
async function seedIn(context: BrowserContext, options: SeedOptions): Promise<{ id: string; setup: Page }> {
	const setup = await context.newPage();
	await setup.goto('/');
	await setup.getByRole('textbox', { name: 'Message' }).waitFor();
	return { id: await seedConversation(setup, options), setup };
}

/** Adds sources to a stored message, as a reply given document passages has. */
function addSources(page: Page, messageId: string): Promise<void> {
	return page.evaluate(async (id) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('atrium');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const store = db.transaction('messages', 'readwrite').objectStore('messages');
		await new Promise((resolve, reject) => {
			const read = store.get(id);
			read.onsuccess = () => {
				const write = store.put({ ...read.result, citations: [{ attachmentId: 'a1', fileName: 'handbook.pdf', page: 3, excerpt: 'Leave is 25 days.' }] });
				write.onsuccess = resolve;
				write.onerror = () => reject(write.error);
			};
			read.onerror = () => reject(read.error);
		});
		db.close();
	}, messageId);
}

describe('parts loaded on use', () => {
	it('a stored conversation fetches attachments, sources and Share only when used or its data needs them', async () => {
		const context = await stack.newContext();
		const { id, setup } = await seedIn(context, { count: 6, title: 'Plain talk' });

		const page = await context.newPage();
		const fetched = await settle(page, `/c/${id}`);
		for (const [name, file] of Object.entries(parts)) assert.ok(!fetched.has(file), `${name} (${file}) loaded with a stored conversation`);

		const share = page.waitForRequest((request) => request.url().endsWith(parts.share));
		await page.getByRole('button', { name: 'Share' }).click();
		await share;
		await page.getByRole('dialog', { name: 'Share as a live room' }).getByRole('button', { name: 'Create room' }).waitFor();
		await page.getByRole('button', { name: 'Close' }).click();

		const attachments = page.waitForRequest((request) => request.url().endsWith(parts.attachments));
		await page.locator('[data-testid="attach-input"]').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Short notes.') }]);
		await attachments;
		await page.getByRole('list', { name: 'Attachments' }).locator('li[data-state="ready"]', { hasText: 'notes.txt' }).waitFor();
		assert.ok(!fetched.has(parts.sources), 'sources loaded without a message that has some');

		// The data asks for the sources: a reply that cites a document.
		await addSources(setup, `${id}-5`);
		const cited = await context.newPage();
		const withSources = await settle(cited, `/c/${id}`);
		assert.ok(withSources.has(parts.sources), 'a reply with sources did not fetch their list');
		await cited.getByRole('complementary', { name: 'Sources' }).getByText('handbook.pdf, p. 3').waitFor();
		await context.close();
	});

	it('keeps a file dropped while the attachment code cannot load, and takes it on Try again', async () => {
		// No service worker: a precached chunk would never reach the network.
		const context = await stack.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		const matches = (url: URL) => url.pathname === parts.attachments;
		await page.route(matches, (route) => route.abort('internetdisconnected'));
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await page.evaluate(() => {
			const dropped = new DataTransfer();
			dropped.items.add(new File(['def answer():\n    return 42\n'], 'answer.py', { type: 'text/x-python' }));
			document.querySelector('form.composer')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
		});
		await page.getByRole('alert').filter({ hasText: 'Could not load the attachments' }).waitFor();
		assert.ok(await page.getByRole('button', { name: 'Send' }).isDisabled(), 'sending went on without the dropped file');

		await page.unroute(matches);
		await page.getByRole('button', { name: 'Try again' }).click();
		await page.getByRole('list', { name: 'Attachments' }).locator('li[data-state="ready"]', { hasText: 'answer.py' }).waitFor();
		await sendMessage(page, 'What does drop-kept-3 return?');
		await assistantMessages(page).filter({ hasText: 'Echo: What does drop-kept-3' }).waitFor();
		await waitIdle(page);
		const body = stack.openai.requests.map((r) => JSON.stringify(r.body ?? null)).find((text) => text.includes('drop-kept-3') && text.includes('return 42'));
		assert.ok(body, 'the dropped file did not go with the message');
		await context.close();
	});
});

// What the shell and the thread leave for later (decision 0022, round 4): the sync clock for a
// signed-out browser, notes' editor, writes and highlight code, the search client, and the
// send queue's delivery when nothing waits; each is fetched when used. Each module is known
// by a text only it carries, not by its chunk's name: the build may fold a module into a chunk
// the page loads anyway (its own chunk then only re-exports it), which a file check misses.
const SHELL_MARKERS = {
	syncClock: 'already sync with another account', // sync/opClock.ts
	noteEditor: 'Ctrl+Enter saves, Esc cancels', // notes/NoteEditor.svelte
	notesWrite: 'Keep last must be a whole number', // db/notesWrite.ts
	highlightDom: '[data-highlight-root=', // notes/highlightDom.ts
	searchClient: 'search.worker', // workers/searchClient.ts
	queueDelivery: 'ifAvailable' // pwa/queueDelivery.ts (its Web Lock)
} as const;
type ShellPart = keyof typeof SHELL_MARKERS;

describe('shell and notes loaded on use', () => {
	it('a signed-out chat fetches no sync code, and notes, highlights and search only when used', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		// The page's own scripts: the service worker's precache fetches every build file, and
		// its own script names them all.
		const scripts: string[] = [];
		page.on('response', (response) => {
			const path = new URL(response.url()).pathname;
			if (path.endsWith('.js') && path !== '/service-worker.js') void response.text().then((text) => scripts.push(text), () => undefined);
		});
		const carried = (name: ShellPart) => scripts.some((text) => text.includes(SHELL_MARKERS[name]));
		const loaded = async (name: ShellPart) => {
			for (let tries = 0; tries < 100 && !carried(name); tries++) await page.waitForTimeout(100);
			assert.ok(carried(name), `${name} did not load when used`);
		};

		// Signed out, a message is stored and answered without the sync clock.
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await sendMessage(page, 'Hello without sync');
		await assistantMessages(page).filter({ hasText: 'Echo: Hello without sync' }).waitFor();
		await waitIdle(page);
		const id = await seedConversation(page, { count: 4, title: 'Notes later' });
		await page.goto(`/c/${id}`);
		await assistantMessages(page).first().locator('.md-root > :not(.md-raw)').first().waitFor();
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1_000);
		for (const name of Object.keys(SHELL_MARKERS) as ShellPart[]) assert.ok(!carried(name), `${name} loaded before it was used`);

		const reply = assistantMessages(page).first();
		await reply.getByRole('button', { name: 'Add note' }).click();
		await reply.getByLabel('Note on this message').fill('Look again later');
		await loaded('noteEditor');
		await reply.getByRole('button', { name: 'Save note' }).click();
		await reply.getByRole('complementary', { name: 'Note' }).filter({ hasText: 'Look again later' }).waitFor();
		await loaded('notesWrite');

		await reply.evaluate((article) => {
			const text = document.createTreeWalker(article.querySelector('[data-highlight-root]')!, NodeFilter.SHOW_TEXT).nextNode()!;
			const range = document.createRange();
			range.setStart(text, 0);
			range.setEnd(text, 'message'.length);
			getSelection()!.removeAllRanges();
			getSelection()!.addRange(range);
		});
		await reply.getByRole('button', { name: 'Highlight' }).click();
		await reply.locator('mark[data-highlight]', { hasText: 'message' }).waitFor();
		await loaded('highlightDom');

		await page.locator('body').click({ position: { x: 1, y: 1 } });
		await page.keyboard.press('/');
		await page.getByRole('searchbox', { name: 'Search' }).waitFor();
		await loaded('searchClient');
		assert.ok(!carried('syncClock'), 'a signed-out browser fetched the sync clock');
		assert.ok(!carried('queueDelivery'), 'the send queue loaded with nothing queued');
		await context.close();
	});
});

// No zod at startup (decision 0034): the answers the first screen reads are checked by schemas
// loaded with the first answer that needs one. Signed out with the model list cached, nothing
// does; the server's list of models and a signed-in `/api/me` do, and load the check with them.
const ZOD_CORE = '$ZodType'; // zod's core, in every copy and API of it

/** Whether any script `page` has run so far contains `text` (a module inside a bigger chunk counts). */
function scriptsOf(page: Page): (text: string) => boolean {
	const scripts: string[] = [];
	page.on('response', (response) => {
		const path = new URL(response.url()).pathname;
		if (path.endsWith('.js') && path !== '/service-worker.js') void response.text().then((text) => scripts.push(text), () => undefined);
	});
	return (text) => scripts.some((script) => script.includes(text));
}

/** Polls `check` for up to 10 s (script texts arrive after their responses). */
async function eventually(page: Page, check: () => boolean): Promise<boolean> {
	for (let tries = 0; tries < 100 && !check(); tries++) await page.waitForTimeout(100);
	return check();
}

describe('answers checked on demand', () => {
	it('a signed-out home and chat page fetch no zod; a model list or a signed-in user loads the check', async () => {
		const context = await stack.newContext();
		const first = await context.newPage();
		const firstCarries = scriptsOf(first);
		await first.goto('/');
		// This server lists models: their check loads with the list.
		await pickModel(first, 'gpt-4o-mini');
		assert.ok(await eventually(first, () => firstCarries(ZOD_CORE)), 'the model list was shown without its check loading');
		const id = await seedConversation(first, { count: 4, title: 'Checked on demand' });

		for (const path of ['/', `/c/${id}`]) {
			const page = await context.newPage();
			const carries = scriptsOf(page);
			await page.goto(path);
			await pickModel(page, 'gpt-4o-mini');
			if (path !== '/') await assistantMessages(page).first().locator('.md-root > :not(.md-raw)').first().waitFor();
			await page.waitForLoadState('networkidle');
			await page.waitForTimeout(1_000);
			await page.getByRole('complementary', { name: 'Conversations' }).getByRole('link', { name: 'Sign in' }).waitFor();
			assert.ok(!carries(ZOD_CORE), `${path} fetched zod signed out, with the model list cached`);
			await page.close();
		}

		await signUpAndVerify(first, stack.url, `zod-${Date.now().toString(36)}@example.test`);
		const signedIn = await context.newPage();
		const carries = scriptsOf(signedIn);
		const me = signedIn.waitForResponse((response) => new URL(response.url()).pathname === '/api/me');
		await signedIn.goto(`/c/${id}`);
		assert.match(JSON.stringify(await (await me).json()), /"email"/);
		await signedIn.getByRole('complementary', { name: 'Conversations' }).getByRole('link', { name: /^zod-/ }).waitFor();
		assert.ok(await eventually(signedIn, () => carries(ZOD_CORE)), "a signed-in user's /api/me was read without its check");
		await context.close();
	});
});

// What a stored conversation's chat page leaves for later (decision 0038): the mic's voice input,
// the WebGPU probe, the notes' logic when no message has any, and the sync bookkeeping of writes.
// Each is known by a text only it carries; each loads when used, or when the data asks for it.
const CHAT_PAGE_MARKERS = {
	voiceControl: 'Recording time', // voice/VoiceControl.svelte
	webgpu: 'no GPU adapter is available', // providers/webgpu.ts
	messageExtras: 'Opening the note editor', // notes/MessageExtras.svelte
	localOps: 'sync.enabled' // sync/localOps.ts
} as const;

describe('chat page parts loaded on use', () => {
	it('opens a stored conversation without voice input, WebGPU, notes logic or sync bookkeeping, and loads each when used', async () => {
		const context = await stack.newContext();
		const { id } = await seedIn(context, { count: 6, title: 'Parts on use' });

		const page = await context.newPage();
		const carries = scriptsOf(page);
		const carried = (name: keyof typeof CHAT_PAGE_MARKERS) => carries(CHAT_PAGE_MARKERS[name]);
		await page.goto(`/c/${id}`);
		await assistantMessages(page).first().locator('.md-root > :not(.md-raw)').first().waitFor();
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1_000);
		for (const name of Object.keys(CHAT_PAGE_MARKERS) as (keyof typeof CHAT_PAGE_MARKERS)[]) assert.ok(!carried(name), `${name} loaded with a stored conversation`);
		// What the user sees is there without them: the picked model, the mic, each message's actions.
		const picked = page.getByRole('combobox', { name: 'Model' }).locator('option:checked');
		assert.doesNotMatch(await picked.innerText(), /^$|unavailable|Loading models/);
		await page.getByRole('button', { name: 'Record voice' }).waitFor();
		const reply = assistantMessages(page).first();
		await reply.getByRole('button', { name: 'Add note' }).waitFor();

		await page.getByRole('combobox', { name: 'Model' }).focus();
		assert.ok(await eventually(page, () => carried('webgpu')), 'the picker was used without listing WebGPU');

		await reply.getByRole('button', { name: 'Pin', exact: true }).click();
		await reply.getByRole('button', { name: 'Pinned' }).waitFor();
		assert.ok(await eventually(page, () => carried('messageExtras')), 'Pin was carried out without the notes code');
		assert.ok(!carried('localOps'), 'a pin (local only) loaded the sync bookkeeping');

		await reply.getByRole('button', { name: 'Good response' }).click();
		await reply.locator('button[aria-label="Good response"][aria-pressed="true"]').waitFor();
		assert.ok(await eventually(page, () => carried('localOps')), 'a reaction was stored without its sync bookkeeping');

		await page.getByRole('button', { name: 'Record voice' }).click();
		await page.getByRole('alert').filter({ hasText: 'Voice input needs' }).waitFor();
		assert.ok(await eventually(page, () => carried('voiceControl')), 'the mic worked without the voice input code');

		// The data asks for the notes: a conversation with a pin shows it as it opens.
		const again = await context.newPage();
		const againCarries = scriptsOf(again);
		await again.goto(`/c/${id}`);
		await assistantMessages(again).first().getByRole('button', { name: 'Pinned' }).waitFor();
		assert.ok(await eventually(again, () => againCarries(CHAT_PAGE_MARKERS.messageExtras)), 'a stored pin was shown without the notes code');
		assert.ok(!againCarries(CHAT_PAGE_MARKERS.voiceControl) && !againCarries(CHAT_PAGE_MARKERS.webgpu));
		await context.close();
	});

	it('says when the notes cannot load, and carries out the press on Try again', async () => {
		const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, { file: string }>;
		const extras = `/${manifest['src/lib/features/notes/MessageExtras.svelte']!.file}`;
		// No service worker: a precached chunk would never reach the network.
		const context = await stack.newContext({ serviceWorkers: 'block' });
		const { id } = await seedIn(context, { count: 4, title: 'Notes offline' });
		const page = await context.newPage();
		const matches = (url: URL) => url.pathname === extras;
		await page.route(matches, (route) => route.abort('internetdisconnected'));
		await page.goto(`/c/${id}`);
		const reply = assistantMessages(page).first();
		await reply.getByRole('button', { name: 'Add note' }).click();
		await reply.getByRole('alert').filter({ hasText: 'Notes could not be loaded' }).waitFor();

		await page.unroute(matches);
		await reply.getByRole('button', { name: 'Try again' }).click();
		await reply.getByLabel('Note on this message').fill('Written after the retry');
		await reply.getByRole('button', { name: 'Save note' }).click();
		await reply.getByRole('complementary', { name: 'Note' }).filter({ hasText: 'Written after the retry' }).waitFor();
		await context.close();
	});
});

// What the PWA parts leave for later (decision 0035). A page the service worker controls (every
// visit after the first: any long conversation) registers with the browser's own API and starts
// without workbox-window and the update toast (they load when a new worker waits: pwa.test.ts),
// the queued-messages list (a message waits: offline.test.ts), the install offer (the browser's
// prompt and a conversation) and the storage figures (Settings). Known by a text only each
// carries; the file of every script the page asked for is read from the build.
const PWA_MARKERS = {
	workboxWindow: 'wasWaitingBeforeRegister', // workbox-window
	updateToast: 'reloading when the reply finishes', // pwa/UpdateToast.svelte, with pwa/updateFlow.ts
	queuedList: 'will send when online', // pwa/QueuedList.svelte
	installOffer: 'pwa.installDismissed', // pwa/installOffer.svelte.ts
	storageStatus: 'usageDetails' // pwa/storageStatus.ts
} as const;

describe('PWA parts loaded when needed', () => {
	it('a chat page the service worker controls starts without workbox-window, the update toast, the queued list, the install offer or storage figures', async () => {
		const built = async (path: string) => readFile(`.svelte-kit/output/client${path}`, 'utf8').catch(() => '');
		const context = await stack.newContext();
		const setup = await context.newPage();
		await setup.goto('/');
		await setup.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
		const id = await seedConversation(setup, { count: 6, title: 'A repeat visit' });
		// The markers are in the build (so their absence below means something).
		const precached = await setup.evaluate(async () => {
			const paths: string[] = [];
			for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
			return paths.filter((path) => path.endsWith('.js') && path !== '/service-worker.js');
		});
		const shell = await Promise.all(precached.map(built));
		for (const [name, marker] of Object.entries(PWA_MARKERS)) assert.ok(shell.some((text) => text.includes(marker)), `${name}: “${marker}” is in no precached script`);

		const page = await context.newPage();
		const scripts = new Set<string>();
		page.on('request', (request) => {
			const path = new URL(request.url()).pathname;
			if (path.endsWith('.js') && path !== '/service-worker.js') scripts.add(path);
		});
		await page.goto(`/c/${id}`);
		assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true, 'the chat page is not controlled');
		await page.getByText('message number 5').waitFor();
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1_000);
		assert.ok(scripts.size > 0, 'no script requests seen');
		const texts = await Promise.all([...scripts].map(built));
		for (const [name, marker] of Object.entries(PWA_MARKERS)) assert.ok(!texts.some((text) => text.includes(marker)), `${name} loaded at the start of a controlled chat page`);
		// The page still registered its worker: the registration answers for this page.
		assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state), 'activated');
		await context.close();
	});
});
