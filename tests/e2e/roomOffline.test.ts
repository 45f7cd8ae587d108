// Live rooms, the browser side, in Chromium against `npm start`: a prompt an editor writes
// offline outlives a reload and reaches the room once when the network is back; the sender
// picks which server model answers (every context sees that model on the reply); and a
// room with no model of its own asks the sender to pick one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { createLinkResponseSchema, createRoomResponseSchema } from '../../src/lib/protocol/room.ts';
import { signUpThroughApi } from './support/accountFlows.ts';
import { joinAsGuest, live, roomPrompts, roomReplies } from './support/roomFlows.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let owner: BrowserContext;
before(async () => {
	stack = await startStack();
	owner = await stack.newContext();
	await signUpThroughApi(stack.url, owner, 'room-offline');
});
after(async () => {
	await stack?.close();
});

/** A room of the owner's, made through the API, and its share links by role. */
async function createRoom(title: string, model: string | null): Promise<{ id: string; links: Record<'view' | 'edit', string> }> {
	const headers = { Origin: stack.url };
	const created = await owner.request.post('/api/rooms', { data: { title, model, messages: [] }, headers });
	assert.equal(created.status(), 201, await created.text());
	const { id } = createRoomResponseSchema.parse(await created.json());
	const link = async (role: 'view' | 'edit') => {
		const response = await owner.request.post(`/api/rooms/${id}/links`, { data: { role, guests: true }, headers });
		assert.equal(response.status(), 201, await response.text());
		const { token } = createLinkResponseSchema.parse(await response.json());
		return `${stack.url}/r/${id}#link=${token}`;
	};
	return { id, links: { view: await link('view'), edit: await link('edit') } };
}

async function openAsOwner(roomId: string): Promise<Page> {
	const page = await owner.newPage();
	await page.goto(`/r/${roomId}`);
	await live(page);
	return page;
}

const modelPicker = (page: Page) => page.getByRole('combobox', { name: 'Model' });

/** Chat completions the fake OpenAI server got whose last user message is `text`. */
function upstreamCallsFor(text: string): { model: string }[] {
	return stack.openai.requests.flatMap((r) => {
		const body = r.body as { model?: string; messages?: { role: string; content: unknown }[]; max_tokens?: number };
		if (!r.path.endsWith('/chat/completions') || body.max_tokens !== undefined) return [];
		return body.messages?.filter((m) => m.role === 'user').at(-1)?.content === text ? [{ model: body.model ?? '' }] : [];
	});
}

/** How many room writes wait in this browser's IndexedDB. */
function savedRoomWrites(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((done, fail) => {
				const open = indexedDB.open('atrium');
				open.onsuccess = () => {
					const count = open.result.transaction('roomOutbox').objectStore('roomOutbox').count();
					count.onsuccess = () => {
						open.result.close();
						done(count.result);
					};
					count.onerror = () => fail(count.error);
				};
				open.onerror = () => fail(open.error);
			})
	);
}

async function send(page: Page, text: string): Promise<void> {
	await page.getByLabel('Message the room').fill(text);
	await page.getByLabel('Message the room').press('Enter');
}

describe('rooms offline and the sender’s model', () => {
	it('a prompt written offline survives a reload and reaches the room once when the network is back', async () => {
		const room = await createRoom('Offline room', 'openai/gpt-4o-mini');
		const ownerPage = await openAsOwner(room.id);
		const editor = await joinAsGuest(stack, room.links.edit, 'Eddie');
		// Reloading with no network needs the app shell from the service worker.
		await editor.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });

		await editor.context().setOffline(true);
		await editor.getByRole('status', { name: 'Connection: Offline' }).waitFor();
		await send(editor, 'Written before the reload');
		await editor.getByText('Offline · 1 waiting to send').waitFor();

		// Saved on this device (a moment after it shows as waiting).
		for (const deadline = Date.now() + 5_000; (await savedRoomWrites(editor)) !== 1 && Date.now() < deadline; ) await editor.waitForTimeout(50);
		// The tab reloads with no network: the page opens from the service worker, and the
		// unsent prompt is still there.
		await editor.reload();
		await editor.getByText('Checking your account…').waitFor();
		assert.equal(await savedRoomWrites(editor), 1);
		assert.equal(upstreamCallsFor('Written before the reload').length, 0);

		await editor.context().setOffline(false);
		await editor.getByRole('button', { name: 'Join as guest' }).click();
		await live(editor);
		for (const page of [ownerPage, editor]) await roomReplies(page).filter({ hasText: 'Echo: Written before the reload' }).waitFor();
		await editor.getByRole('status', { name: 'Connection: Live' }).filter({ hasNotText: 'waiting' }).waitFor();
		// Once: one prompt in the room, one model call, nothing left to send, also after a reload.
		await ownerPage.reload();
		await live(ownerPage);
		await roomReplies(ownerPage).filter({ hasText: 'Echo: Written before the reload' }).waitFor();
		assert.equal(await roomPrompts(ownerPage).filter({ hasText: 'Written before the reload' }).count(), 1);
		assert.equal(upstreamCallsFor('Written before the reload').length, 1);
		assert.equal(await editor.evaluate(() => document.querySelector('[role="status"][data-state]')?.textContent), 'Live');
	});

	it('the sender picks another server model: the room answers with it, and every context shows that model on the reply', async () => {
		const room = await createRoom('Model room', 'openai/gpt-4o-mini');
		const ownerPage = await openAsOwner(room.id);
		const editor = await joinAsGuest(stack, room.links.edit, 'Eddie');
		const viewer = await joinAsGuest(stack, room.links.view, 'Vera');
		// Defaults to the room's model; a viewer has no composer and so no picker.
		assert.equal(await modelPicker(editor).inputValue(), 'openai/gpt-4o-mini');
		assert.equal(await modelPicker(viewer).count(), 0);

		await modelPicker(editor).selectOption('openai/gpt-4o');
		await send(editor, 'Which model answers?');
		for (const page of [ownerPage, editor, viewer]) {
			const reply = roomReplies(page).filter({ hasText: 'Echo: Which model answers?' });
			await reply.waitFor();
			assert.equal((await reply.locator('header.who').innerText()).trim(), 'openai/gpt-4o');
		}
		assert.deepEqual(upstreamCallsFor('Which model answers?'), [{ model: 'gpt-4o' }]);

		// The owner, who picked nothing, still gets the room's model.
		await ownerPage.getByRole('button', { name: 'Send' }).waitFor();
		await send(ownerPage, 'And the room default?');
		const reply = roomReplies(viewer).filter({ hasText: 'Echo: And the room default?' });
		await reply.waitFor();
		assert.equal((await reply.locator('header.who').innerText()).trim(), 'openai/gpt-4o-mini');
	});

	it('a room with no model of its own asks the sender to pick a server model before sending', async () => {
		const room = await createRoom('Room without a model', null);
		const editor = await joinAsGuest(stack, room.links.edit, 'Eddie');
		await editor.getByText('This room has no model of its own').waitFor();
		await editor.getByLabel('Message the room').fill('Anyone there?');
		assert.equal(await editor.getByRole('button', { name: 'Send' }).isDisabled(), true);
		await modelPicker(editor).selectOption('openai/gpt-4o-mini');
		assert.equal(await editor.getByText('This room has no model of its own').count(), 0);
		await editor.getByLabel('Message the room').press('Enter');
		const reply = roomReplies(editor).filter({ hasText: 'Echo: Anyone there?' });
		await reply.waitFor();
		assert.equal((await reply.locator('header.who').innerText()).trim(), 'openai/gpt-4o-mini');
	});

	it('says why nobody can be answered when the room has no model and the server offers none', async () => {
		const room = await createRoom('No model anywhere', null);
		const context = await stack.newContext();
		// This server lists no models (as with no provider keys configured).
		await context.route('**/api/models', (route) => route.fulfill({ status: 200, json: { models: [] } }));
		const editor = await context.newPage();
		await editor.goto(room.links.edit);
		await editor.getByLabel('Your name').fill('Eddie');
		await editor.getByRole('button', { name: 'Join as guest' }).click();
		await live(editor);
		await editor.getByText('This room has no model, and the server offers none').waitFor();
		await editor.getByLabel('Message the room').fill('Hello?');
		assert.equal(await editor.getByRole('button', { name: 'Send' }).isDisabled(), true);
		assert.equal(await modelPicker(editor).locator('option:not([disabled])').count(), 0);
	});
});
