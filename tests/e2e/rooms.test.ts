// Live rooms in Chromium with three browser contexts against `npm start`: the owner shares
// a conversation, an editor and a viewer join as guests; the reply streams to all three,
// everyone sees who is here and who is typing, the viewer cannot write, owner and editor
// edit one message together (everyone sees the merged text and who changed what), and an
// editor who goes offline, writes, and comes back converges with everyone; a revoked link
// ends a visit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpThroughApi } from './support/accountFlows.ts';
import { joinAsGuest, live, roomReplies } from './support/roomFlows.ts';
import { assistantMessages, pickModel, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

const people = (page: Page) => page.getByRole('region', { name: 'Participants' });

describe('rooms', () => {
	it('owner, editor and viewer: live stream, presence, typing, read-only viewer, offline editor converges', async () => {
		const ownerContext = await stack.newContext();
		await signUpThroughApi(stack.url, ownerContext, 'room-owner');
		const owner = await ownerContext.newPage();
		await owner.goto('/');
		await pickModel(owner, 'gpt-4o-mini');
		await sendMessage(owner, 'Kick-off question');
		await assistantMessages(owner).filter({ hasText: 'Echo: Kick-off question' }).waitFor();
		await waitIdle(owner);

		await owner.getByRole('button', { name: 'Share' }).click();
		await owner.getByRole('button', { name: 'Create room' }).click();
		const editLink = await owner.getByLabel('Can edit').inputValue();
		const viewLink = await owner.getByLabel('Can view').inputValue();
		await owner.getByRole('link', { name: 'Open the room' }).click();
		await live(owner);
		await roomReplies(owner).filter({ hasText: 'Echo: Kick-off question' }).waitFor();

		const editor = await joinAsGuest(stack, editLink, 'Eddie');
		const viewer = await joinAsGuest(stack, viewLink, 'Vera');
		for (const page of [owner, editor, viewer]) {
			await people(page).getByRole('heading', { name: 'People (3)' }).waitFor();
			await people(page).getByText(/^Vera/).waitFor();
		}

		// The viewer's tab is hidden (another tab in front): everyone sees her away, then here again.
		const setHidden = (hidden: boolean) =>
			viewer.evaluate((hidden) => {
				Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
				document.dispatchEvent(new Event('visibilitychange'));
			}, hidden);
		const veraStatus = (page: Page) => people(page).getByRole('listitem').filter({ hasText: 'Vera' }).locator('.status');
		await setHidden(true);
		for (const page of [owner, editor]) await veraStatus(page).getByText(/^away/).waitFor();
		await setHidden(false);
		for (const page of [owner, editor]) await veraStatus(page).getByText(/^here/).waitFor();

		// The viewer has no composer, and the room refuses what the UI would not offer.
		assert.equal(await viewer.getByLabel('Message the room').count(), 0);
		await viewer.getByText('You can view this room').waitFor();
		assert.equal(await viewer.getByRole('button', { name: /Good response/ }).first().isDisabled(), true);

		await editor.getByLabel('Message the room').pressSequentially('Plan');
		await owner.getByText('Eddie is typing…').waitFor();
		await editor.getByLabel('Message the room').fill('Plan the launch [[slow:8]]');
		await editor.getByLabel('Message the room').press('Enter');
		// Everyone sees the reply while it streams, then the whole of it.
		for (const page of [owner, editor, viewer]) await roomReplies(page).filter({ hasText: 'tick 2.' }).waitFor();
		for (const page of [owner, editor, viewer]) await roomReplies(page).filter({ hasText: 'tick 8.' }).waitFor();
		// The reply is finished (not only fully shown) once its reactions appear.
		for (const page of [owner, editor, viewer]) await roomReplies(page).last().getByRole('button', { name: /Good response/ }).waitFor();
		await editor.getByRole('button', { name: 'Send' }).waitFor();
		await owner.getByRole('button', { name: 'Good response (0)' }).last().click();
		await viewer.getByRole('button', { name: 'Good response (1)' }).waitFor();

		// Owner and editor edit the first reply at the same time; everyone sees both changes
		// merged, and who changed what. The viewer is offered no editing.
		const firstReply = (page: Page) => roomReplies(page).first();
		const editButton = (page: Page) => firstReply(page).getByRole('button', { name: 'Edit', exact: true });
		assert.equal(await editButton(viewer).count(), 0);
		await Promise.all([editButton(owner).click(), editButton(editor).click()]);
		const ownerField = owner.getByLabel('Edit message');
		const editorField = editor.getByLabel('Edit message');
		const original = await ownerField.inputValue();
		assert.match(original, /Kick-off question/);
		assert.equal(await editorField.inputValue(), original);
		await Promise.all([
			(async () => {
				await ownerField.press('Control+End');
				await owner.keyboard.insertText(' (agreed)');
			})(),
			(async () => {
				await editorField.press('Control+Home');
				await editor.keyboard.insertText('Summary: ');
			})()
		]);
		const merged = `Summary: ${original} (agreed)`;
		for (const field of [ownerField, editorField]) await field.page().waitForFunction(([want]) => (document.querySelector('textarea[id^="edit-"]') as HTMLTextAreaElement | null)?.value === want, [merged]);
		// Escape closes the owner's editor and gives the focus back to its Edit button; Done closes the editor's.
		await ownerField.press('Escape');
		await ownerField.waitFor({ state: 'detached' });
		assert.equal(await owner.evaluate(() => document.activeElement?.textContent?.trim()), 'Edit');
		await editor.getByRole('button', { name: 'Done' }).click();
		await editorField.waitFor({ state: 'detached' });
		for (const page of [owner, editor, viewer]) {
			await firstReply(page).filter({ hasText: merged }).waitFor();
			await firstReply(page).getByRole('button', { name: /^Edited/ }).click();
			const changes = firstReply(page).getByRole('list', { name: 'Changes to this message' }).getByRole('listitem');
			await changes.filter({ hasText: 'Eddie added “Summary: ”' }).waitFor();
			await changes.filter({ hasText: 'added “ (agreed)”' }).filter({ hasNotText: 'Eddie' }).waitFor();
			assert.equal(await changes.count(), 2);
		}

		// Editor goes offline, writes a prompt and a note, and comes back.
		await editor.context().setOffline(true);
		await editor.getByRole('status', { name: 'Connection: Offline' }).waitFor();
		await editor.getByLabel('Notes', { exact: true }).fill('Offline idea');
		await editor.getByLabel('Message the room').fill('Written offline');
		await editor.getByLabel('Message the room').press('Enter');
		await editor.getByText(/waiting to send/).waitFor();
		await owner.getByLabel('Notes', { exact: true }).fill('Owner agenda');
		await editor.context().setOffline(false);
		await live(editor);
		for (const page of [owner, editor, viewer]) {
			await roomReplies(page).filter({ hasText: 'Echo: Written offline' }).waitFor();
			await page.waitForFunction(() => {
				const notes = (document.getElementById('room-notes') as HTMLTextAreaElement | null)?.value ?? '';
				return notes.includes('Offline idea') && notes.includes('Owner agenda');
			});
		}
		const notes = await Promise.all([owner, editor, viewer].map((page) => page.getByLabel('Notes', { exact: true }).inputValue()));
		assert.equal(new Set(notes).size, 1, `notes differ: ${JSON.stringify(notes)}`);
		await viewer.getByRole('region', { name: 'Room notes' }).getByText('Eddie added').first().waitFor();

		// The owner revokes the view link: the viewer is out, with the reason.
		await owner.getByRole('button', { name: 'Revoke the view link' }).click();
		await viewer.getByRole('alert').filter({ hasText: 'revoked' }).waitFor();
		await viewer.getByRole('status', { name: 'Connection: Disconnected' }).waitFor();
		await people(owner).getByRole('heading', { name: 'People (2)' }).waitFor();

		// The owner removes the guest editor: the confirmation says the link goes too; Eddie is
		// out with the reason, and the owner's links panel shows the edit link revoked at once.
		const asked = new Promise<string>((resolve) =>
			owner.once('dialog', (dialog) => {
				resolve(dialog.message());
				void dialog.accept();
			})
		);
		await people(owner).getByRole('button', { name: 'Remove Eddie', exact: true }).click();
		assert.match(await asked, /the link Eddie joined by is revoked too/);
		await editor.getByRole('status', { name: 'Connection: Disconnected' }).waitFor();
		await people(owner).getByRole('heading', { name: 'People (1)' }).waitFor();
		const editLinkRow = owner.getByRole('region', { name: 'Room links' }).getByRole('listitem').filter({ hasText: /^edit/ });
		await editLinkRow.getByText('revoked', { exact: true }).waitFor();
		assert.equal(await owner.getByRole('button', { name: 'Revoke the edit link' }).count(), 0);
	});

	it('lists the rooms a user created outside a team on the account page, with Try again after a failed read; each opens, and is deleted after confirming', async () => {
		const context = await stack.newContext();
		await signUpThroughApi(stack.url, context, 'room-owner');
		const page = await context.newPage();
		// A list that cannot be read says why; Try again shows it loading (held here), then reads it.
		await page.route('**/api/workspaces', (route) => route.abort());
		await page.goto('/account');
		const mine = page.getByRole('region', { name: 'My rooms' });
		await mine.getByRole('alert').filter({ hasText: 'Cannot reach the Atrium server' }).waitFor();
		await page.unroute('**/api/workspaces');
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/api/workspaces', async (route) => {
			await held;
			await route.continue();
		});
		await mine.getByRole('button', { name: 'Try again' }).click();
		await mine.getByRole('status').filter({ hasText: 'Loading rooms…' }).waitFor();
		assert.equal(await mine.getByRole('alert').count(), 0, 'the failure stays while it reads again');
		release();
		await mine.getByText('No rooms yet').waitFor();
		await page.unroute('**/api/workspaces');

		const create = async (title: string) => {
			const response = await context.request.post('/api/rooms', {
				headers: { Origin: stack.url },
				data: { title, messages: [{ id: 'm1', parentId: null, role: 'user', content: `About ${title}`, createdAt: Date.now() }] }
			});
			assert.equal(response.status(), 201);
			return ((await response.json()) as { id: string }).id;
		};
		const planning = await create('Trip planning');
		await create('Reading list');
		await page.reload();
		const list = mine.getByRole('list', { name: 'My rooms' });
		await list.getByRole('link', { name: 'Reading list' }).waitFor();
		assert.equal(await list.getByRole('listitem').count(), 2);

		// Declining the confirmation keeps the room; accepting deletes it for everyone.
		page.once('dialog', (dialog) => void dialog.dismiss());
		await list.getByRole('button', { name: 'Delete room Reading list' }).click();
		await page.waitForTimeout(300);
		assert.equal(await list.getByRole('listitem').count(), 2);
		page.once('dialog', (dialog) => {
			assert.match(dialog.message(), /Delete the room “Reading list” for everyone/);
			void dialog.accept();
		});
		await list.getByRole('button', { name: 'Delete room Reading list' }).click();
		await list.getByRole('link', { name: 'Reading list' }).waitFor({ state: 'detached' });
		assert.equal(await list.getByRole('listitem').count(), 1);

		await list.getByRole('link', { name: 'Trip planning' }).click();
		await page.waitForURL(`**/r/${planning}`);
		await live(page);
		await page.getByText('About Trip planning').waitFor();
		await context.close();
	});
});
