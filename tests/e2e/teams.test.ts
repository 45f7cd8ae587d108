// Teams in Chromium against `npm start`: an owner creates a team, shares a template in it
// and makes an invite link; a second person (another browser profile) opens the link
// signed out, signs in on the invite page, joins, and finds the team's template on a new
// chat, also after going offline. Then team rooms: a conversation shared into a team is
// listed for its members, who open it live without a link; someone outside cannot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { outboxResponseSchema } from '../../src/lib/protocol/auth.ts';
import { assistantMessages, pickModel, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';

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

/** A browser profile signed in as a new account (verified through the API). */
async function signedIn(label: string): Promise<{ context: BrowserContext; email: string }> {
	const email = `${label}-${Date.now().toString(36)}@example.test`;
	const link = await signUp(email);
	const context = await stack.newContext();
	const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token');
	const verified = await context.request.post('/api/auth/verify-email', { data: { token }, headers: { Origin: stack.url } });
	assert.equal(verified.status(), 200);
	return { context, email };
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
		// A list that cannot be read says why, with Try again; Try again reads it once the network is back.
		await owner.route('**/api/teams', (route) => route.abort());
		await owner.getByRole('link', { name: 'Teams' }).click();
		const yourTeams = owner.getByRole('region', { name: 'Your teams' });
		await yourTeams.getByRole('alert').filter({ hasText: 'Cannot reach the Atrium server' }).waitFor();
		await owner.unroute('**/api/teams');
		await yourTeams.getByRole('button', { name: 'Try again' }).click();
		await owner.getByText('You are not in any team yet').waitFor();
		await owner.getByRole('button', { name: 'Create team' }).click();
		await owner.getByRole('alert').filter({ hasText: 'Give the team a name.' }).waitFor();
		await owner.getByLabel('Team name').fill('Research');
		await owner.route('**/api/teams/*/invites', (route) => route.abort());
		await owner.getByRole('button', { name: 'Create team' }).click();
		await owner.getByRole('heading', { name: 'Research', level: 1 }).waitFor();
		assert.match(owner.url(), /\/teams\/[a-z2-7]{24}$/);
		const openInvites = owner.getByRole('region', { name: 'Invite people' });
		await openInvites.getByRole('alert').filter({ hasText: 'Cannot reach the Atrium server' }).waitFor();
		await owner.unroute('**/api/teams/*/invites');
		await openInvites.getByRole('button', { name: 'Try again' }).click();
		await openInvites.getByText('No open invites.').waitFor();

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

	it('a conversation shared into a team: members see it listed and open it live without a link; others cannot', async () => {
		const [owner, member, outsider] = [await signedIn('room-owner'), await signedIn('room-member'), await signedIn('room-outsider')];
		const headers = { Origin: stack.url };
		const created = await owner.context.request.post('/api/teams', { data: { name: 'Studio' }, headers });
		const teamId = ((await created.json()) as { team: { id: string } }).team.id;
		const invite = await owner.context.request.post(`/api/teams/${teamId}/invites`, { data: { kind: 'link', role: 'member', expiresInDays: 1 }, headers });
		const token = new URLSearchParams(new URL(((await invite.json()) as { url: string }).url).hash.slice(1)).get('token');
		assert.equal((await member.context.request.post('/api/invites/accept', { data: { token }, headers })).status(), 200);

		const ownerPage = await owner.context.newPage();
		await ownerPage.goto('/');
		await pickModel(ownerPage, 'gpt-4o-mini');
		await sendMessage(ownerPage, 'Studio kick-off');
		await assistantMessages(ownerPage).filter({ hasText: 'Echo: Studio kick-off' }).waitFor();
		await waitIdle(ownerPage);
		await ownerPage.getByRole('button', { name: 'Share' }).click();
		const share = ownerPage.getByRole('dialog', { name: 'Share as a live room' });
		await share.getByLabel('Workspace').selectOption({ label: 'Studio: every member joins' });
		await share.getByRole('button', { name: 'Create room' }).click();
		await share.getByText('Everyone in Studio finds this room on the team’s page and joins without a link.').waitFor();
		await share.getByRole('link', { name: 'Open the room' }).click();
		await ownerPage.getByRole('status', { name: 'Connection: Live' }).waitFor();
		const roomPath = new URL(ownerPage.url()).pathname;

		// The member finds it on the team's page and opens it: no link in the URL or in storage.
		const memberPage = await member.context.newPage();
		// A team that cannot be read says why; Try again shows it loading (held here), then the page.
		const teamUrl = `**/api/teams/${teamId}`;
		await memberPage.route(teamUrl, (route) => route.abort());
		await memberPage.goto(`/teams/${teamId}`);
		await memberPage.getByRole('alert').filter({ hasText: 'Cannot reach the Atrium server' }).waitFor();
		await memberPage.unroute(teamUrl);
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await memberPage.route(teamUrl, async (route) => {
			await held;
			await route.continue();
		});
		await memberPage.getByRole('button', { name: 'Try again' }).click();
		await memberPage.getByRole('status').filter({ hasText: 'Loading the team…' }).waitFor();
		assert.equal(await memberPage.getByRole('alert').filter({ hasText: 'Cannot reach' }).count(), 0, 'the failure stays while it reads again');
		release();
		await memberPage.getByRole('heading', { name: 'Studio', level: 1 }).waitFor();
		await memberPage.unroute(teamUrl);
		const rooms = memberPage.getByRole('region', { name: 'Team rooms' });
		await rooms.getByText('you join as an editor').waitFor();
		// The role line shows before the list has loaded: wait for the list itself.
		const listed = rooms.getByRole('list', { name: 'Rooms in Studio' }).getByRole('link');
		await listed.first().waitFor();
		assert.equal(await listed.count(), 1);
		await listed.click();
		await memberPage.waitForURL(`**${roomPath}`);
		assert.equal(new URL(memberPage.url()).hash, '');
		await memberPage.getByRole('status', { name: 'Connection: Live' }).waitFor();
		await memberPage.locator('article[data-role="assistant"]').filter({ hasText: 'Echo: Studio kick-off' }).waitFor();
		await ownerPage.getByRole('region', { name: 'Participants' }).getByRole('heading', { name: 'People (2)' }).waitFor();
		await memberPage.getByLabel('Message the room').fill('Hello from the team');
		await memberPage.getByLabel('Message the room').press('Enter');
		await ownerPage.locator('article[data-role="assistant"]').filter({ hasText: 'Echo: Hello from the team' }).waitFor();

		// Someone outside the team gets neither the list nor the room.
		const outsiderPage = await outsider.context.newPage();
		await outsiderPage.goto(`/teams/${teamId}`);
		await outsiderPage.getByRole('alert').filter({ hasText: 'No such team, or you are not a member of it.' }).waitFor();
		await outsiderPage.goto(roomPath);
		await outsiderPage.getByRole('alert').filter({ hasText: 'join the team it belongs to' }).waitFor();
		assert.equal(await outsiderPage.getByText('Echo: Studio kick-off').count(), 0);

		// Removed from the team, the member is out of the open room at once, and told why.
		const me = (await (await member.context.request.get('/api/me')).json()) as { user: { id: string } };
		assert.equal((await owner.context.request.delete(`/api/teams/${teamId}/members/${me.user.id}`, { headers })).status(), 204);
		await memberPage.getByRole('alert').filter({ hasText: 'You are no longer in the team this room belongs to.' }).waitFor();
		await memberPage.getByRole('status', { name: 'Connection: Disconnected' }).waitFor();
		await ownerPage.getByRole('region', { name: 'Participants' }).getByRole('heading', { name: 'People (1)' }).waitFor();
	});
});
