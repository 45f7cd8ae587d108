import { describe, expect, it } from 'vitest';
import { usageResponseSchema } from '../../../../src/lib/protocol/usage.ts';
import { account, FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { clientIp } from '../../test/edge.ts';
import { chat, userOnTier } from '../../test/tiers.ts';
import { waitInWords } from '../errors.ts';
import { nextUtcMidnight, utcDay } from './dailyQuota.ts';
import { readDailyLimits } from './quotaConfig.ts';

const tight = { QUOTA_FREE_DAILY_REQUESTS: '2', QUOTA_PREMIUM_DAILY_REQUESTS: '3' };

function expectQuotaRefusal(refused: { status: number; headers: Headers; body: string }) {
	expect(refused.status).toBe(429);
	const now = Date.now();
	const midnight = nextUtcMidnight(new Date(now));
	const retryAfter = Number(refused.headers.get('Retry-After'));
	expect(Math.abs(retryAfter - (midnight.getTime() - now) / 1000)).toBeLessThan(5);
	const { error } = JSON.parse(refused.body) as { error: { code: string; message: string } };
	expect(error.code).toBe('quota_exceeded');
	expect(error.message).toContain(`after ${midnight.toISOString()}, midnight UTC`);
	expect(error.message).toMatch(/Try again in (\d+ h )?\d+ (min|s)/);
	return error.message;
}

describe('daily quota on server-held models', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('gives a free account its daily requests, then 429 quota_exceeded naming when to retry', async () => {
		const user = await userOnTier('free');
		expect((await chat({ session: user.session, env: tight })).status).toBe(200);
		expect((await chat({ session: user.session, env: tight })).status).toBe(200);
		const message = expectQuotaRefusal(await chat({ session: user.session, env: tight }));
		expect(message).toContain("today's 2 requests to server-held models on the Free tier");
	});

	it('counts a signed-in user across addresses, and premium gets its own higher limit', async () => {
		const user = await userOnTier('premium');
		for (let i = 0; i < 3; i++) expect((await chat({ session: user.session, ip: clientIp(), env: tight })).status).toBe(200);
		expectQuotaRefusal(await chat({ session: user.session, ip: clientIp(), env: tight }));
	});

	it('gives admins no daily limit', async () => {
		const admin = await userOnTier('admin');
		const none = { QUOTA_FREE_DAILY_REQUESTS: '1', QUOTA_PREMIUM_DAILY_REQUESTS: '1' };
		for (let i = 0; i < 3; i++) expect((await chat({ session: admin.session, env: none })).status).toBe(200);
	});

	it('counts anonymous callers per address with the free limit unless configured apart', async () => {
		const ip = clientIp();
		expect((await chat({ ip, env: tight })).status).toBe(200);
		expect((await chat({ ip, env: tight })).status).toBe(200);
		expect(expectQuotaRefusal(await chat({ ip, env: tight }))).toContain('without an account');
		expect((await chat({ ip: clientIp(), env: tight })).status).toBe(200);
		const closed = { QUOTA_ANONYMOUS_DAILY_REQUESTS: '0' };
		expectQuotaRefusal(await chat({ ip: clientIp(), env: closed }));
	});

	it('does not count requests that could never reach a model', async () => {
		const user = await userOnTier('free');
		const bad = await account('/api/chat', { session: user.session, body: { model: 'openai/gpt-4o-mini', messages: [] }, env: tight });
		expect(bad.response.status).toBe(400);
		const unknown = await account('/api/chat', { session: user.session, body: { model: 'openai/nope', messages: [{ role: 'user', content: 'x' }] }, env: tight });
		expect(unknown.response.status).toBe(404);
		expect((await chat({ session: user.session, env: tight })).status).toBe(200);
		expect((await chat({ session: user.session, env: tight })).status).toBe(200);
	});

	it('does not count a request the burst limit refused', async () => {
		const user = await userOnTier('free');
		const env = { ...tight, RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '60' };
		expect((await chat({ session: user.session, env })).status).toBe(200);
		for (let i = 0; i < 3; i++) expect((await chat({ session: user.session, env })).status).toBe(429);
		const { response } = await account('/api/usage', { session: user.session, env });
		const usage = usageResponseSchema.parse(await response.json());
		expect(usage.quota).toMatchObject({ limit: 2, used: 1, remaining: 1 });
	});

	it('counts the burst limit per user, not per address, once signed in', async () => {
		const user = await userOnTier('free');
		const burst = { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '60' };
		expect((await chat({ session: user.session, ip: clientIp(), env: burst })).status).toBe(200);
		expect((await chat({ session: user.session, ip: clientIp(), env: burst })).status).toBe(200);
		const refused = await chat({ session: user.session, ip: clientIp(), env: burst });
		expect(refused.status).toBe(429);
		expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe('rate_limited');
	});
});

describe('quota configuration and time helpers', () => {
	it('defaults to 50 a day free, 1000 premium, anonymous like free, admins unlimited', () => {
		expect(readDailyLimits({} as never)).toEqual({ anonymous: 50, free: 50, premium: 1000, admin: null });
		expect(readDailyLimits({ QUOTA_FREE_DAILY_REQUESTS: '7' } as never)).toMatchObject({ anonymous: 7, free: 7 });
	});

	it('fails loudly, naming the binding, on a malformed limit', () => {
		expect(() => readDailyLimits({ QUOTA_FREE_DAILY_REQUESTS: 'lots' } as never)).toThrow(/QUOTA_FREE_DAILY_REQUESTS/);
		expect(() => readDailyLimits({ QUOTA_PREMIUM_DAILY_REQUESTS: '-1' } as never)).toThrow(/QUOTA_PREMIUM_DAILY_REQUESTS/);
	});

	it('names the UTC day and the next midnight UTC, and says waits in words', () => {
		const late = new Date('2026-03-31T23:59:30.000Z');
		expect(utcDay(late)).toBe('2026-03-31');
		expect(nextUtcMidnight(late).toISOString()).toBe('2026-04-01T00:00:00.000Z');
		expect(waitInWords(30_000)).toBe('30 s');
		expect(waitInWords(12 * 60_000 + 5_000)).toBe('12 min');
		expect(waitInWords(3 * 3_600_000 + 12 * 60_000)).toBe('3 h 12 min');
	});
});
