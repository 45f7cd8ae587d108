import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountUser } from '$lib/protocol/auth.ts';
import { account } from './account.svelte.ts';
import { AccountError } from './accountCall.ts';
import { SignedInSubmission } from './accountSettings.svelte.ts';

const ADA: AccountUser = { id: 'u1', email: 'ada@example.com', emailVerified: true, twoFactorEnabled: false, tier: 'free', createdAt: '2026-01-01T00:00:00.000Z' };
const ENDED = 'You are not signed in (or your session ended): sign in again.';

describe('SignedInSubmission', () => {
	beforeEach(() => account().set(ADA));

	it('turns the tab signed out when the server says the session ended (401)', async () => {
		const submission = new SignedInSubmission();
		const result = await submission.run(() => Promise.reject(new AccountError('unauthorized', ENDED)));
		expect(result).toBeUndefined();
		expect(account().user).toBeNull();
		expect(submission.error).toBe(ENDED);
	});

	it('keeps the tab signed in on any other failure, such as a wrong current password', async () => {
		const submission = new SignedInSubmission();
		await submission.run(() => Promise.reject(new AccountError('forbidden', 'Your current password is not right.')));
		expect(account().user).toEqual(ADA);
		expect(submission.error).toBe('Your current password is not right.');
	});

	it('answers what the work returns when it succeeds', async () => {
		expect(await new SignedInSubmission().run(async () => 42)).toBe(42);
		expect(account().user).toEqual(ADA);
	});
});
