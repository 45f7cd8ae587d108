// Helpers for the tier, quota, usage and admin tests: accounts on a chosen tier, chat
// calls as a signed-in user, and the JSON of an answer.
import type { Tier } from '../../../src/lib/protocol/tiers.ts';
import type { EdgeEnv } from '../src/env.ts';
import { account, createAccount, testDb, type AccountCall } from './accounts.ts';
import { userMessage, type EdgeCall } from './edge.ts';

export interface TestUser {
	id: string;
	email: string;
	session: string;
}

export async function setTier(userId: string, tier: Tier): Promise<void> {
	await testDb().prepare('UPDATE users SET tier = ? WHERE id = ?').bind(tier, userId).run();
}

/** A verified, signed-in account on `tier`. */
export async function userOnTier(tier: Tier = 'free', label: string = tier): Promise<TestUser> {
	const { email, session } = await createAccount(`${label}-${crypto.randomUUID().slice(0, 8)}@example.test`);
	const { response } = await account('/api/me', { session });
	const { user } = (await response.json()) as { user: { id: string } };
	if (tier !== 'free') await setTier(user.id, tier);
	return { id: user.id, email, session };
}

/** One chat call to the fake OpenAI upstream, read to the end; the usage row is written when it returns. */
export async function chat(
	call: { session?: string; ip?: string; env?: Partial<EdgeEnv>; text?: string } = {}
): Promise<{ status: number; headers: Headers; body: string }> {
	const request: AccountCall = { body: userMessage('openai/gpt-4o-mini', call.text ?? 'hello'), env: call.env ?? {} };
	if (call.session !== undefined) request.session = call.session;
	if (call.ip !== undefined) request.ip = call.ip;
	const result: EdgeCall = await account('/api/chat', request);
	const body = await result.response.text();
	await result.settled();
	return { status: result.response.status, headers: result.response.headers, body };
}

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
	return ((await response.json()) as { error: { code: string; message: string } }).error;
}
