// Account steps shared by the account e2e files: links from the development outbox and
// signing up through the UI.
import type { Page } from 'playwright-core';
import { outboxResponseSchema } from '../../../src/lib/protocol/auth.ts';

export const PASSWORD = 'a long and sturdy passphrase';

/** The newest link to `page` emailed to `to`, read from GET /api/dev/outbox (polled: emails go out after the answer). */
export async function emailedLink(baseUrl: string, to: string, page: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const response = await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(to)}`);
		const { messages } = outboxResponseSchema.parse(await response.json());
		for (const message of messages) {
			const link = new RegExp(`https?://[^\\s]+${page}#token=[a-z2-7.]+`).exec(message.text)?.[0];
			if (link) return link;
		}
		if (Date.now() > deadline) throw new Error(`no ${page} email reached ${to}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
	await page.goto('/sign-in');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs up through the UI and opens the verification link: signed in on `page`. */
export async function signUpAndVerify(page: Page, baseUrl: string, email: string): Promise<void> {
	await page.goto('/sign-up');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await page.getByRole('status').filter({ hasText: 'Check your email' }).waitFor();
	await page.goto(await emailedLink(baseUrl, email, '/verify-email'));
	await page.getByRole('button', { name: 'Verify email' }).click();
	await page.waitForURL('**/account');
}
