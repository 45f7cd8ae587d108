// Teams in Chromium against `npm start`: an owner creates a team, shares a template in it
// and makes an invite link; a second person (another browser profile) opens the link
// signed out, signs in on the invite page, joins, and finds the team's template on a new
// chat, also after going offline.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { outboxResponseSchema } from '../../src/lib/protocol/auth.ts';
import { startStack, type Stack } from './support/stack.ts';

const PASSWORD = 'a long and sturdy passphrase';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

/** Signs up through the API and returns the emailed verification link (polled: emails go out after the answer). */
async function signUp(email: string): Promise<string> {
	const response = await fetch(`${stack.url}/api/auth/sign-up`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Origin: stack.url },
		body: JSON.stringify({ email, password: PASSWORD })
	});
	assert.equal(response.status, 202);
	const deadline = Date.now() + 15_000;
	for (;;) {
		const outbox = outboxResponseSchema.parse(await (await fetch(`${stack.url}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json());
		const link = outbox.messages.map((m) => /https?:\/\/\S+\/verify-email#token=[a-z2-7.]+/.exec(m.text)?.[0]).find(Boolean);
		if (link) return link;
		if (Date.now() > deadline) throw new Error(`no verification email reached ${email}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function verify(page: Page, link: string): Promise<void> {
	await page.goto(link);
	await page.getByRole('button', { name: 'Verify email' }).click();
	await page.waitForURL('**/account');
}

describe('teams', () => {
	it('owner creates a team and a link; a second person joins and sees the team template in the picker', async () => {
		const stamp = Date.now().toString(36);
		const ownerEmail = `owner-${stamp}@example.test`;
		const guestEmail = `guest-${stamp}@example.test`;
		const [ownerLink, guestLink] = await Promise.all([signUp(ownerEmail), signUp(guestEmail)]);

		const owner = await (await stack.newContext()).newPage();
		await verify(owner, ownerLink);
		await owner.getByRole('link', { name: 'Teams' }).click();
		await owner.getByText('You are not in any team yet').waitFor();
		await owner.getByRole('button', { name: 'Create team' }).click();
		await owner.getByRole('alert').filter({ hasText: 'Give the team a name.' }).waitFor();
		await owner.getByLabel('Team name').fill('Research');
		await owner.getByRole('button', { name: 'Create team' }).click();
		await owner.getByRole('heading', { name: 'Research', level: 1 }).waitFor();
		assert.match(owner.url(), /\/teams\/[a-z2-7]{24}$/);

		const templates = owner.getByRole('region', { name: 'Team templates' });
		await templates.getByLabel('Template name').fill('Team standup');
		await templates.getByLabel('System prompt').fill('You run our daily standup.');
		await templates.getByLabel('Opening message').fill('Yesterday we ');
		await templates.getByRole('button', { name: 'Add team template' }).click();
		await templates.getByRole('button', { name: 'Edit team template Team standup' }).click();
		assert.equal(await templates.getByLabel('Opening message').inputValue(), 'Yesterday we ');
		await templates.getByLabel('Opening message').fill('Yesterday I ');
		await templates.getByRole('button', { name: 'Save changes' }).click();
		await templates.getByRole('button', { name: 'Add team template' }).waitFor();
		assert.equal(await templates.getByLabel('Opening message').inputValue(), '');

		const invites = owner.getByRole('region', { name: 'Invite people' });
		await invites.getByLabel('Email').fill('not-an-email');
		await invites.getByRole('button', { name: 'Send invite' }).click();
		await invites.getByRole('alert').filter({ hasText: 'Enter a valid email address' }).waitFor();
		assert.equal(await invites.getByLabel('Email').inputValue(), 'not-an-email');
		await invites.getByRole('button', { name: 'Create invite link' }).click();
		const inviteUrl = await invites.getByLabel('Invite link (shown once: copy it now)').inputValue();
		assert.match(inviteUrl, /\/join#token=[a-z2-7]+\.[a-z2-7]+$/);
		await invites.getByRole('button', { name: /^Revoke Link · Member/ }).waitFor();

		const guest = await (await stack.newContext()).newPage();
		await guest.goto(new URL(guestLink).pathname + new URL(guestLink).hash);
		await guest.getByRole('button', { name: 'Verify email' }).click();
		await guest.waitForURL('**/account');
		await guest.getByRole('button', { name: 'Sign out', exact: true }).click();
		await guest.waitForURL('**/sign-in');

		await guest.goto(new URL(inviteUrl).pathname + new URL(inviteUrl).hash);
		await guest.getByText('You are invited to join Research as a member').waitFor();
		await guest.getByLabel('Email').fill(guestEmail);
		await guest.getByLabel('Password').fill(PASSWORD);
		await guest.getByRole('button', { name: 'Sign in' }).click();
		await guest.getByText(`Signed in as ${guestEmail}`).waitFor();
		await guest.getByRole('button', { name: 'Join team' }).click();
		await guest.getByRole('heading', { name: 'Research', level: 1 }).waitFor();
		const members = guest.getByRole('region', { name: 'Members' });
		await members.getByText(`${guestEmail} (you)`).waitFor();
		await members.getByText(ownerEmail).waitFor();
		assert.equal(await guest.getByRole('region', { name: 'Invite people' }).count(), 0, 'members are not offered invites');

		await guest.goto('/');
		const fromTeam = guest.getByRole('list', { name: 'Templates from Research' });
		await fromTeam.getByRole('button', { name: 'Team standup' }).click();
		assert.equal(await guest.getByRole('textbox', { name: 'Message' }).inputValue(), 'Yesterday I ');

		// Cached in IndexedDB: still offered with no network.
		await guest.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
		await guest.context().setOffline(true);
		await guest.reload();
		await guest.getByRole('list', { name: 'Templates from Research' }).getByRole('button', { name: 'Team standup' }).waitFor();
		await guest.context().setOffline(false);

		// The owner sees the new member and may change their role.
		await owner.reload();
		await owner.getByLabel(`Role for ${guestEmail}`).waitFor();

		// The last owner cannot leave; deleting asks first, then the team is gone for everyone.
		const danger = owner.getByRole('region', { name: 'Leave or delete' });
		await danger.getByRole('button', { name: 'Leave team' }).click();
		await danger.getByRole('button', { name: 'Leave team now' }).click();
		await danger.getByRole('alert').filter({ hasText: 'A team needs an owner' }).waitFor();
		await danger.getByRole('button', { name: 'Cancel' }).click();
		await danger.getByRole('button', { name: 'Delete team' }).click();
		assert.equal(await owner.evaluate(() => document.activeElement?.textContent?.trim()), 'Delete team permanently');
		await owner.keyboard.press('Enter');
		await owner.waitForURL('**/teams');
		await owner.getByText('You are not in any team yet').waitFor();
		await guest.goto('/');
		await guest.getByRole('button', { name: 'Code review' }).waitFor();
		await guest.getByRole('button', { name: 'Team standup' }).waitFor({ state: 'detached' });
	});
});
