// Teams in Chromium against `npm start`: an owner creates a team, shares a template in it
// and makes an invite link; a second person (another browser profile) opens the link
// signed out, signs in on the invite page, joins, and finds the team's template on a new
// chat, also after going offline. Team rooms: a conversation shared into a team is listed
// for its members, who open it live without a link; someone outside cannot. An emailed
// invite: the invited address creates an account from it and joins as an admin (who may
// invite but not remove the owner); another account, a used and a revoked invite are
// refused. Team usage: what members asked of a server model, shown to owners and admins.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { outboxResponseSchema } from '../../src/lib/protocol/auth.ts';
import { emailedLink, signUp as signUpInForm } from './support/accountFlows.ts';
import { assistantMessages, pickModel, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';
import {
	addTeamRoom,
	addTeamTemplate,
	createTeam,
	emailTo,
	joinByLink,
	joinPath,
	signedInAccount,
	teamUsageMatches,
	teamUsageToday,
	type Account
} from './support/teamFlows.ts';

const PASSWORD = 'a long and sturdy passphrase';

let stack: Stack;
before(async () => {
	// Every invite preview and accept is a link check; this file makes more than the default 10 per 10 min from one address.
	stack = await startStack({ env: { AUTH_RATE_LIMIT_MAX: '100' } });
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

/** Chats once with the fake server's gpt-4o-mini from `account`'s browser, as a user would. */
async function chatOnce(account: Account, text: string): Promise<void> {
	const page = await account.context.newPage();
	await page.goto('/');
	await pickModel(page, 'gpt-4o-mini');
	await sendMessage(page, text);
	await assistantMessages(page).filter({ hasText: `Echo: ${text}` }).waitFor();
	await waitIdle(page);
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
		const [owner, member, outsider] = [await signedInAccount(stack, 'room-owner'), await signedInAccount(stack, 'room-member'), await signedInAccount(stack, 'room-outsider')];
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

	it('an emailed invite: the invited address signs up from it and joins as an admin; another account, a used and a revoked invite are refused', async () => {
		const [owner, intruder] = [await signedInAccount(stack, 'mail-owner'), await signedInAccount(stack, 'mail-intruder')];
		const colleague = `colleague-${Date.now().toString(36)}@example.test`;
		const masked = `c…@example.test`;
		const teamId = await createTeam(stack, owner, 'Atelier');
		await addTeamTemplate(stack, owner, teamId, { name: 'Brief writer', systemPrompt: 'You write design briefs.', starter: 'The brief: ' });
		await addTeamRoom(stack, owner, teamId, 'Atelier planning');

		// The owner invites the colleague by email, as an admin, from the team page.
		const ownerPage = await owner.context.newPage();
		await ownerPage.goto(`/teams/${teamId}`);
		const invites = ownerPage.getByRole('region', { name: 'Invite people' });
		await invites.getByLabel('Email', { exact: true }).fill(colleague);
		await invites.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Admin' });
		await invites.getByRole('button', { name: 'Send invite', exact: true }).click();
		await invites.getByRole('status').filter({ hasText: `Invite sent to ${colleague}. It works once and expires in 7 days.` }).waitFor();
		await invites.getByRole('button', { name: new RegExp(`^Revoke Email to ${colleague.replace(/[.]/g, '\\.')} · Admin · expires`) }).waitFor();

		const email = await emailTo(stack.url, colleague, /^Join Atelier on Atrium$/);
		assert.match(email.text, new RegExp(`${owner.email.replace(/[.]/g, '\\.')} invited you to the team "Atelier" on Atrium, as an admin\\.`));
		assert.match(email.text, new RegExp(`only for ${colleague.replace(/[.]/g, '\\.')}`));
		const invitePath = joinPath(email);

		// Someone else, signed in, who gets hold of the link is told only the invited address may accept; the invite stays usable.
		const intruderPage = await intruder.context.newPage();
		await intruderPage.goto(invitePath);
		await intruderPage.getByText(`You are invited to join Atelier as an admin (this invite is for ${masked}).`).waitFor();
		await intruderPage.getByText(`Signed in as ${intruder.email}.`).waitFor();
		await intruderPage.getByRole('button', { name: 'Join team', exact: true }).click();
		await intruderPage
			.getByRole('alert')
			.filter({ hasText: `This invite was sent to ${masked}, but you are signed in as ${intruder.email}. Sign in with the invited address to accept it.` })
			.waitFor();
		await intruderPage.goto(`/teams/${teamId}`);
		await intruderPage.getByRole('alert').filter({ hasText: 'No such team, or you are not a member of it.' }).waitFor();

		// The colleague has no account: the invite says what it offers, they create one from it and come back to it once verified.
		const page = await (await stack.newContext()).newPage();
		await page.goto(invitePath);
		await page.getByText(`You are invited to join Atelier as an admin (this invite is for ${masked}).`).waitFor();
		const hint = page.getByRole('paragraph').filter({ hasText: 'Sign in to join. New to Atrium? Create an account with the invited address: once your email is verified in this browser, you come back to this invite.' });
		await hint.getByRole('link', { name: 'Create an account', exact: true }).click();
		await page.waitForURL('**/sign-up');
		await signUpInForm(page, colleague);
		// The verification link from the mail leads back to the invite.
		await page.goto(await emailedLink(stack.url, colleague, '/verify-email'));
		await page.getByRole('button', { name: 'Verify email', exact: true }).click();
		await page.waitForURL((url) => url.pathname === '/join' && url.hash === new URL(invitePath, stack.url).hash);
		await page.getByText(`Signed in as ${colleague}.`).waitFor();
		await page.getByRole('button', { name: 'Join team', exact: true }).click();
		await page.waitForURL(`**/teams/${teamId}`);
		await page.getByRole('heading', { name: 'Atelier', level: 1 }).waitFor();
		await page.getByText('You are an admin of this team.').waitFor();
		// The team's workspace: its room and its template, here and on a new chat.
		await page.getByRole('region', { name: 'Team rooms' }).getByRole('list', { name: 'Rooms in Atelier' }).getByRole('link', { name: 'Atelier planning', exact: true }).waitFor();
		await page.getByRole('region', { name: 'Team templates' }).getByRole('button', { name: 'Edit team template Brief writer', exact: true }).waitFor();
		const members = page.getByRole('region', { name: 'Members' });
		await members.getByText(`${colleague} (you)`).waitFor();

		// An admin may invite (as a member or an admin, not as an owner) but may not remove or demote the owner.
		const adminInvites = page.getByRole('region', { name: 'Invite people' });
		assert.deepEqual(await adminInvites.getByRole('combobox', { name: 'Role', exact: true }).locator('option').allInnerTexts(), ['Admin', 'Member']);
		const ownerRow = members.getByRole('listitem').filter({ hasText: owner.email });
		await ownerRow.getByText('Owner', { exact: true }).waitFor();
		assert.equal(await members.getByRole('button', { name: `Remove ${owner.email}`, exact: true }).count(), 0, 'an admin is not offered removing the owner');
		assert.equal(await members.getByLabel(`Role for ${owner.email}`, { exact: true }).count(), 0, 'an admin is not offered changing the owner’s role');
		const late = `late-${Date.now().toString(36)}@example.test`;
		await adminInvites.getByLabel('Email', { exact: true }).fill(late);
		await adminInvites.getByRole('button', { name: 'Send invite', exact: true }).click();
		await adminInvites.getByRole('status').filter({ hasText: `Invite sent to ${late}.` }).waitFor();
		const lateInvite = adminInvites.getByRole('button', { name: new RegExp(`^Revoke Email to ${late.replace(/[.]/g, '\\.')} · Member`) });
		await lateInvite.click();
		await lateInvite.waitFor({ state: 'detached' });

		// The revoked invite's email, and the colleague's invite once used, say they no longer work.
		const latePage = await (await stack.newContext()).newPage();
		await latePage.goto(joinPath(await emailTo(stack.url, late, /^Join Atelier on Atrium$/)));
		const spent = 'This invite is not valid: it was revoked or already used, or the link is incomplete. Ask the team for a new one.';
		await latePage.getByRole('alert').filter({ hasText: spent }).waitFor();
		assert.equal(await latePage.getByRole('button', { name: 'Join team' }).count(), 0);
		await intruderPage.goto(invitePath);
		await intruderPage.getByRole('alert').filter({ hasText: spent }).waitFor();
		await page.goto(invitePath);
		await page.getByRole('alert').filter({ hasText: spent }).waitFor();

		await page.goto('/');
		await page.getByRole('list', { name: 'Templates from Atelier' }).getByRole('button', { name: 'Brief writer', exact: true }).click();
		assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), 'The brief: ');
	});

	it('team usage: owners and admins see what members asked of server models, a member is told who sees it', async () => {
		const [owner, admin, member] = [await signedInAccount(stack, 'use-owner'), await signedInAccount(stack, 'use-admin'), await signedInAccount(stack, 'use-member')];
		const teamId = await createTeam(stack, owner, 'Ledger');
		await joinByLink(stack, owner, admin, teamId, 'admin');
		await joinByLink(stack, owner, member, teamId, 'member');

		const ownerPage = await owner.context.newPage();
		await ownerPage.goto(`/teams/${teamId}`);
		const usage = ownerPage.getByRole('region', { name: 'Team usage' });
		await usage.getByText('No requests to server-held models by members in the last 30 days.').waitFor();

		await Promise.all([chatOnce(admin, 'Budget for March'), chatOnce(member, 'Summarise the invoices')]);
		const { total, each } = await teamUsageMatches(ownerPage, [owner, admin, member]);
		assert.ok(each.slice(1).every((own) => own.requests >= 1), `the admin's and the member's requests count: ${JSON.stringify(each)}`);
		assert.ok(total.inputTokens > 0 && total.outputTokens > 0, `tokens are counted: ${JSON.stringify(total)}`);
		const format = (n: number) => n.toLocaleString('en-US');
		await usage.getByText(`Last 30 days: ${format(total.requests)} requests, ${format(total.inputTokens + total.outputTokens)} tokens.`, { exact: true }).waitFor();

		// An admin sees the same figures.
		const adminPage = await admin.context.newPage();
		await adminPage.goto(`/teams/${teamId}`);
		assert.deepEqual(await teamUsageToday(adminPage), total);

		// A member is told who sees it, and the edge refuses them the figures.
		const memberPage = await member.context.newPage();
		await memberPage.goto(`/teams/${teamId}`);
		const memberUsage = memberPage.getByRole('region', { name: 'Team usage' });
		await memberUsage.getByText('Only the team’s owners and admins see its usage. Your own use is on Usage.').waitFor();
		assert.equal(await memberUsage.getByRole('table').count(), 0);
		assert.equal(await memberPage.getByText(/requests, \d+ tokens/).count(), 0);
		const refused = await member.context.request.get(`/api/teams/${teamId}/usage`);
		assert.equal(refused.status(), 403);
		assert.equal(((await refused.json()) as { error: { message: string } }).error.message, 'Only a team admin or owner can see team usage.');

		// Usage follows membership: once the member is removed, the team's figures are the admin's (and the owner's) alone.
		ownerPage.once('dialog', (dialog) => void dialog.accept());
		await ownerPage.getByRole('region', { name: 'Members' }).getByRole('button', { name: `Remove ${member.email}`, exact: true }).click();
		await ownerPage.getByRole('region', { name: 'Members' }).getByText(member.email, { exact: true }).waitFor({ state: 'detached' });
		const afterRemoval = await teamUsageMatches(ownerPage, [owner, admin]);
		assert.ok(afterRemoval.total.requests < total.requests, `the member's requests no longer count: ${JSON.stringify(afterRemoval.total)}`);
	});
});
