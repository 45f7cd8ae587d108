// Team steps for the teams e2e file: accounts made and verified through the API (each a
// browser profile of its own), a team with a shared template and room set up as an owner
// would through the API, the emails the edge "sent" read from the development outbox, and
// the figures a team's usage view shows next to each member's own usage.
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { outboxResponseSchema, type OutboxMessage } from '../../../src/lib/protocol/auth.ts';
import { createdInviteResponseSchema } from '../../../src/lib/protocol/teams.ts';
import { usageResponseSchema } from '../../../src/lib/protocol/usage.ts';
import { signUpThroughApi } from './accountFlows.ts';
import type { Stack } from './stack.ts';

export interface Account {
	context: BrowserContext;
	email: string;
}

/** A new browser profile signed in as a new, verified account (sign-up and verification through the API). */
export async function signedInAccount(stack: Stack, label: string): Promise<Account> {
	const context = await stack.newContext();
	return { context, email: await signUpThroughApi(stack.url, context, label) };
}

/** The newest email to `to` whose subject matches, polled (emails go out after the answer). */
export async function emailTo(baseUrl: string, to: string, subject: RegExp): Promise<OutboxMessage> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const response = await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(to)}`);
		const found = outboxResponseSchema
			.parse(await response.json())
			.messages.filter((message) => subject.test(message.subject))
			.at(-1);
		if (found) return found;
		if (Date.now() > deadline) throw new Error(`no email matching ${subject} reached ${to}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** The `/join#token=…` link in an invite email, as a path on the app (whatever origin the email names). */
export function joinPath(message: OutboxMessage): string {
	const link = /https?:\/\/\S+\/join#token=[a-z2-7.]+/.exec(message.text)?.[0];
	if (!link) throw new Error(`no invite link in the email "${message.subject}"`);
	return new URL(link).pathname + new URL(link).hash;
}

const idResponseSchema = z.object({ id: z.string() });
const teamCreatedSchema = z.object({ team: idResponseSchema });

/** A team owned by `owner`, made through the API; returns its id. */
export async function createTeam(stack: Stack, owner: Account, name: string): Promise<string> {
	const created = await owner.context.request.post('/api/teams', { data: { name }, headers: { Origin: stack.url } });
	assert.equal(created.status(), 201);
	return teamCreatedSchema.parse(await created.json()).team.id;
}

/** A template shared in the team, added by an owner or admin through the API. */
export async function addTeamTemplate(stack: Stack, by: Account, teamId: string, template: { name: string; systemPrompt: string; starter: string }): Promise<void> {
	const added = await by.context.request.post(`/api/teams/${teamId}/templates`, { data: template, headers: { Origin: stack.url } });
	assert.equal(added.status(), 201);
}

/** A live room in the team's workspace, made by `by` through the API; returns its id. */
export async function addTeamRoom(stack: Stack, by: Account, teamId: string, title: string): Promise<string> {
	const created = await by.context.request.post('/api/rooms', { data: { title, workspaceId: teamId, messages: [] }, headers: { Origin: stack.url } });
	assert.equal(created.status(), 201);
	return idResponseSchema.parse(await created.json()).id;
}

/** `member` joins the team through a link invite `owner` creates with `role`. */
export async function joinByLink(stack: Stack, owner: Account, member: Account, teamId: string, role: 'admin' | 'member'): Promise<void> {
	const headers = { Origin: stack.url };
	const invite = await owner.context.request.post(`/api/teams/${teamId}/invites`, { data: { kind: 'link', role, expiresInDays: 1 }, headers });
	assert.equal(invite.status(), 201);
	const url = createdInviteResponseSchema.parse(await invite.json()).url;
	const token = new URLSearchParams(new URL(url ?? '').hash.slice(1)).get('token');
	assert.equal((await member.context.request.post('/api/invites/accept', { data: { token }, headers })).status(), 200);
}

export interface UsageFigures {
	requests: number;
	inputTokens: number;
	outputTokens: number;
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** What `account` itself used of server-held models today, from its own GET /api/usage. */
export async function ownUsageToday(account: Account): Promise<UsageFigures> {
	const response = await account.context.request.get('/api/usage?days=1');
	assert.equal(response.status(), 200);
	const today = usageResponseSchema.parse(await response.json()).days.find((day) => day.day === todayUtc());
	return { requests: today?.messages ?? 0, inputTokens: today?.inputTokens ?? 0, outputTokens: today?.outputTokens ?? 0 };
}

const sum = (figures: UsageFigures[]): UsageFigures =>
	figures.reduce((a, b) => ({ requests: a.requests + b.requests, inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens }), {
		requests: 0,
		inputTokens: 0,
		outputTokens: 0
	});

const count = (text: string) => Number(text.replace(/[^\d]/g, ''));

/** Today's row of the "Team usage" table on the team page now on `page` (requests, tokens in, tokens out). */
export async function teamUsageToday(page: Page): Promise<UsageFigures> {
	const table = page.getByRole('region', { name: 'Team usage' }).getByRole('table', { name: 'Requests and tokens per day' });
	const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: todayUtc(), exact: true }) });
	await row.waitFor();
	const cells = await row.getByRole('cell').allInnerTexts();
	assert.equal(cells.length, 3, `today's row has requests, tokens in and tokens out: ${cells.join(' | ')}`);
	const [requests, inputTokens, outputTokens] = cells.map(count) as [number, number, number];
	return { requests, inputTokens, outputTokens };
}

/**
 * Reloads the team page on `page` until its usage table's row for today equals the sum of
 * `accounts`' own usage today (a conversation's title is asked of the model just after the
 * reply, so the figures move for a moment); returns that sum. Throws with both after 30 s.
 */
export async function teamUsageMatches(page: Page, accounts: Account[]): Promise<{ total: UsageFigures; each: UsageFigures[] }> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		await page.reload();
		const shown = await teamUsageToday(page);
		const each = await Promise.all(accounts.map(ownUsageToday));
		const total = sum(each);
		if (JSON.stringify(shown) === JSON.stringify(total)) return { total, each };
		if (Date.now() > deadline) assert.deepEqual(shown, total, 'the team usage shown is the sum of its members’ own usage');
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}
