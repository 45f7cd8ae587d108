// What the user sees when a module loaded on use fails to arrive (decision 0022, round 3):
// the thread's chunk ("This conversation could not be shown … Try again") and the send
// path's ("Could not load what sending needs"), the conversation's panels ("Could not load
// the panel … Try again"), the Share dialog ("Could not load Share"), a new chat's templates
// ("Could not load the templates") and the note editor ("The note editor could not be
// loaded"). The chunk's request is really aborted in
// the browser; what the user typed stays, and once the network serves the chunk again,
// Try again (or sending again) works in the same page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { chunkPaths } from './support/buildChunks.ts';
import { seedConversation } from './support/seed.ts';
import { assistantMessages, pickModel, startStack, userMessages, waitIdle, type Stack } from './support/stack.ts';

let stack: Stack;
let chunks: { thread: string; send: string; panels: string; share: string; templates: string; noteEditor: string };
before(async () => {
	chunks = await chunkPaths({
		thread: 'src/lib/features/chat/chatThread.ts',
		send: 'src/lib/features/chat/chatSessionSend.ts',
		panels: 'src/lib/features/chat/ConversationPanels.svelte',
		share: 'src/lib/features/rooms/ShareRoom.svelte',
		templates: 'src/lib/features/templates/TemplatePicker.svelte',
		noteEditor: 'src/lib/features/notes/NoteEditor.svelte'
	});
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

/**
 * A page whose requests for `chunk` fail as on a dropped connection until `restore()`.
 * Service workers are blocked: a precached chunk would otherwise never reach the network.
 */
async function pageFailing(chunk: string) {
	const context = await stack.newContext({ serviceWorkers: 'block' });
	const page = await context.newPage();
	let aborted = 0;
	const matches = (url: URL) => url.pathname === chunk;
	await page.route(matches, async (route) => {
		aborted++;
		await route.abort('internetdisconnected');
	});
	return {
		page,
		aborted: () => aborted,
		restore: () => page.unroute(matches)
	};
}

/**
 * Waits for `failure` (the chunk really requested); Try again while the chunk still fails asks
 * for it again and shows the failure again; then the chunk is served and Try again pressed.
 */
async function failThenServe(failing: Awaited<ReturnType<typeof pageFailing>>, failure: Locator, tryAgain: Locator): Promise<void> {
	await failure.waitFor();
	const tries = failing.aborted();
	assert.ok(tries > 0, 'the chunk was never requested');
	await tryAgain.click();
	for (const deadline = Date.now() + 10_000; failing.aborted() === tries; await new Promise((resolve) => setTimeout(resolve, 50))) {
		assert.ok(Date.now() < deadline, 'Try again did not ask for the chunk again');
	}
	await failure.waitFor();
	await failing.restore();
	await tryAgain.click();
}

function messageBox(page: Page) {
	return page.getByRole('textbox', { name: 'Message' });
}

describe('module load failures', () => {
	it('shows a stored conversation whose thread failed to load once Try again succeeds, keeping the draft', async () => {
		const { page, aborted, restore } = await pageFailing(chunks.thread);
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		const id = await seedConversation(page, { count: 4, title: 'Kept safe' });
		await page.goto(`/c/${id}`);

		const failure = page.getByRole('alert').filter({ hasText: 'This conversation could not be shown' });
		await failure.waitFor();
		assert.ok(aborted() > 0, 'the thread chunk was never requested');
		const tryAgain = page.getByRole('button', { name: 'Try again' });
		// Writing meanwhile (focus retries the load, which fails again) keeps what was typed.
		await messageBox(page).fill('A draft written while it failed');
		await tryAgain.click();
		await failure.waitFor();
		assert.equal(await messageBox(page).inputValue(), 'A draft written while it failed');

		await restore();
		await tryAgain.click();
		await assistantMessages(page).filter({ hasText: 'message number 3' }).waitFor();
		assert.equal(await failure.count(), 0);
		assert.equal(await messageBox(page).inputValue(), 'A draft written while it failed');

		await messageBox(page).press('Enter');
		await assistantMessages(page).filter({ hasText: 'Echo: A draft written while it failed' }).waitFor();
		await waitIdle(page);
		await page.context().close();
	});

	it('keeps a message whose send path failed to load in the box, and sends it on the next try', async () => {
		const { page, aborted, restore } = await pageFailing(chunks.send);
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');

		await messageBox(page).fill('Words worth keeping');
		await messageBox(page).press('Enter');
		const failure = page.getByRole('alert').filter({ hasText: 'Could not load what sending needs' });
		await failure.waitFor();
		assert.ok(aborted() > 0, 'the send path chunk was never requested');
		assert.equal(await messageBox(page).inputValue(), 'Words worth keeping');
		assert.equal(await userMessages(page).count(), 0, 'a message was stored though it could not be sent');
		assert.match(page.url(), /\/$/, 'a conversation was created for a message that was not sent');

		await restore();
		await messageBox(page).press('Enter');
		await assistantMessages(page).filter({ hasText: 'Echo: Words worth keeping' }).waitFor();
		await waitIdle(page);
		assert.equal(await messageBox(page).inputValue(), '');
		assert.equal(await failure.count(), 0);
		assert.equal(await userMessages(page).filter({ hasText: 'Words worth keeping' }).count(), 1);
		await page.context().close();
	});

	it('says when a panel could not be loaded, and opens it on Try again once the network serves it', async () => {
		const { page, aborted, restore } = await pageFailing(chunks.panels);
		await page.goto('/');
		await messageBox(page).waitFor();
		const id = await seedConversation(page, { count: 4, title: 'Branching later' });
		await page.goto(`/c/${id}`);
		await assistantMessages(page).filter({ hasText: 'message number 3' }).waitFor();

		await page.getByRole('button', { name: 'Tree view' }).click();
		const failure = page.getByRole('alert').filter({ hasText: 'Could not load the panel' });
		await failure.waitFor();
		assert.ok(aborted() > 0, 'the panels chunk was never requested');

		await restore();
		await page.getByRole('button', { name: 'Try again' }).click();
		await page.getByRole('complementary', { name: 'Conversation tree' }).waitFor();
		assert.equal(await failure.count(), 0);
		await page.context().close();
	});

	it('says when Share could not be loaded, keeps the draft, and opens the dialog on Try again once it is served', async () => {
		const failing = await pageFailing(chunks.share);
		const { page } = failing;
		await page.goto('/');
		await messageBox(page).waitFor();
		const id = await seedConversation(page, { count: 4, title: 'Worth sharing' });
		await page.goto(`/c/${id}`);
		await assistantMessages(page).filter({ hasText: 'message number 3' }).waitFor();
		await messageBox(page).fill('A reply half written');

		await page.getByRole('button', { name: 'Share' }).click();
		const dialog = page.getByRole('dialog', { name: 'Share as a live room' });
		const failure = dialog.getByRole('alert').filter({ hasText: 'Could not load Share' });
		await failThenServe(failing, failure, dialog.getByRole('button', { name: 'Try again' }));
		await dialog.getByRole('button', { name: 'Create room' }).waitFor();
		assert.equal(await failure.count(), 0);
		assert.equal(await messageBox(page).inputValue(), 'A reply half written');
		await page.context().close();
	});

	it('says when the templates could not be loaded, keeps the draft, and lists them on Try again once they are served', async () => {
		const failing = await pageFailing(chunks.templates);
		const { page } = failing;
		await page.goto('/');
		await messageBox(page).fill('My own opening');
		const failure = page.getByRole('alert').filter({ hasText: 'Could not load the templates' });
		await failThenServe(failing, failure, page.getByRole('button', { name: 'Try again' }));
		const templates = page.getByRole('navigation', { name: 'Start from a template' });
		await templates.getByRole('button', { name: 'Code review' }).waitFor();
		assert.equal(await failure.count(), 0);
		assert.equal(await messageBox(page).inputValue(), 'My own opening');
		await page.context().close();
	});

	it('says when the note editor could not be loaded, and opens it on Try again; the note is saved', async () => {
		const failing = await pageFailing(chunks.noteEditor);
		const { page } = failing;
		await page.goto('/');
		await messageBox(page).waitFor();
		const id = await seedConversation(page, { count: 4, title: 'Notes later' });
		await page.goto(`/c/${id}`);
		const reply = assistantMessages(page).filter({ hasText: 'message number 3' });
		await reply.waitFor();
		await messageBox(page).fill('Still writing this');

		await reply.getByRole('button', { name: 'Add note' }).click();
		const failure = page.getByRole('alert').filter({ hasText: 'The note editor could not be loaded' });
		await failThenServe(failing, failure, failure.getByRole('button', { name: 'Try again' }));
		const note = page.getByRole('textbox', { name: 'Note on this message' });
		await note.fill('Check the figures');
		await page.getByRole('button', { name: 'Save note' }).click();
		await reply.getByRole('complementary', { name: 'Note' }).filter({ hasText: 'Check the figures' }).waitFor();
		assert.equal(await failure.count(), 0);
		assert.equal(await messageBox(page).inputValue(), 'Still writing this');
		await page.context().close();
	});
});
