import { describe, expect, it } from 'vitest';
import { usageResponseSchema } from '../../../../src/lib/protocol/usage.ts';
import { account, FLOW_TIMEOUT_MS, testDb } from '../../test/accounts.ts';
import { chat, errorOf, userOnTier } from '../../test/tiers.ts';
import { nextUtcMidnight, utcDay } from '../quota/dailyQuota.ts';
import { recordStorage } from '../quota/storage.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

async function usageOf(session: string, query = '') {
	const { response } = await account(`/api/usage${query}`, { session });
	expect(response.status).toBe(200);
	expect(response.headers.get('Cache-Control')).toBe('private, no-store');
	return usageResponseSchema.parse(await response.json());
}

describe('GET /api/usage', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('needs a signed-in user', async () => {
		const { response } = await account('/api/usage');
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthorized');
	});

	it('starts empty: zeros for every day, the full quota, the tier and its features', async () => {
		const user = await userOnTier('free');
		const usage = await usageOf(user.session);
		expect(usage.days).toHaveLength(30);
		expect(usage.days.at(-1)?.day).toBe(utcDay(new Date()));
		expect(usage.days.slice(0, -1).every((day) => day.messages === 0 && day.apiCalls === 0 && day.storageBytes === 0)).toBe(true);
		expect(usage.quota).toEqual({ limit: 50, used: 0, remaining: 50, resetsAt: nextUtcMidnight(new Date()).toISOString() });
		expect(usage.tier).toBe('free');
		expect(usage.features).toMatchObject({ localModels: true, imageGeneration: false, agentTools: false });
		expect(usage.plans).toEqual([
			{ tier: 'free', dailyLimit: 50, features: { localModels: true, serverModels: true, imageGeneration: false, agentTools: false } },
			{ tier: 'premium', dailyLimit: 1000, features: { localModels: true, serverModels: true, imageGeneration: true, agentTools: true } },
			{ tier: 'admin', dailyLimit: null, features: { localModels: true, serverModels: true, imageGeneration: true, agentTools: true } }
		]);
	});

	it("counts the caller's requests and tokens per day, and today's quota", async () => {
		const user = await userOnTier('premium');
		await chat({ session: user.session, text: 'one two three' });
		await chat({ session: user.session, text: 'four' });
		const usage = await usageOf(user.session, '?days=7');
		expect(usage.days).toHaveLength(7);
		const today = usage.days.at(-1)!;
		const { results } = await testDb()
			.prepare('SELECT SUM(input_tokens) AS i, SUM(output_tokens) AS o FROM usage WHERE user_id = ?')
			.bind(user.id)
			.all<{ i: number; o: number }>();
		expect(today).toMatchObject({ messages: 2, inputTokens: results[0]!.i, outputTokens: results[0]!.o });
		expect(today.outputTokens).toBeGreaterThan(0);
		expect(usage.quota).toMatchObject({ limit: 1000, used: 2, remaining: 998 });
		expect(usage.features.imageGeneration).toBe(true);
	});

	it('counts chats as messages and every other signed-in API call as an API call, per user', async () => {
		const user = await userOnTier('free');
		const other = await userOnTier('free');
		const settled = async (path: string, call: Parameters<typeof account>[1]) => {
			const result = await account(path, call);
			await result.response.text();
			await result.settled();
			return result.response.status;
		};
		const before = (await usageOf(user.session, '?days=1')).days[0]!;
		expect(await settled('/api/me', { session: user.session })).toBe(200);
		expect(await settled('/api/auth/sessions', { session: user.session })).toBe(200);
		expect(await settled('/api/sync/push', { session: user.session, body: { ops: [] } })).toBeLessThan(500);
		// A refusal after the session was read is still a call; a signed-out one is nobody's.
		expect(await settled('/api/admin/users', { session: user.session })).toBe(403);
		expect(await settled('/api/me', {})).toBe(200);
		await chat({ session: user.session, text: 'a message, not an API call' });
		const after = (await usageOf(user.session, '?days=1')).days[0]!;
		// The four calls above, and the first usage read itself.
		expect(after.apiCalls - before.apiCalls).toBe(5);
		expect(after.messages - before.messages).toBe(1);
		const { results } = await testDb().prepare('SELECT calls FROM api_calls WHERE user_id = ?').bind(other.id).all<{ calls: number }>();
		expect(results.map((row) => row.calls)).toEqual([1]);
	});

	it('sums storage over sources, carrying each one forward to days without a report', async () => {
		const user = await userOnTier('free');
		const now = Date.now();
		await recordStorage(testDb(), user.id, 'sync', 1_000, new Date(now - 2 * DAY_MS));
		await recordStorage(testDb(), user.id, 'sync', 1_200, new Date(now - 2 * DAY_MS));
		await recordStorage(testDb(), user.id, 'rooms', 500, new Date(now));
		const days = (await usageOf(user.session, '?days=4')).days.map((day) => day.storageBytes);
		expect(days).toEqual([0, 1_200, 1_200, 1_700]);
		await expect(recordStorage(testDb(), user.id, 'sync', -1)).rejects.toThrow(RangeError);
	});

	it.each([
		['?days=0', 'days must be at least 1.'],
		['?days=366', 'days can be at most 365.'],
		['?days=abc', 'days must be a whole number of days.'],
		['?days=2.5', 'days must be a whole number of days.']
	])('refuses %s with a clear 400', async (query, message) => {
		const user = await userOnTier('free');
		const { response } = await account(`/api/usage${query}`, { session: user.session });
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toEqual({ code: 'invalid_request', message });
	});
});
