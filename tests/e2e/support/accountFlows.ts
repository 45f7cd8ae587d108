// Account steps shared by the account e2e files: links from the development outbox, the
// forms driven by their exact accessible names (the contract: fields "Email",
// "Password", "Code"; buttons "Create account", "Sign in", "Sign out", "Send magic link"), so
// a renamed label fails the tests, and authenticator codes computed as an app would.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import assert from 'node:assert/strict';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { outboxResponseSchema } from '../../../src/lib/protocol/auth.ts';

export const PASSWORD = 'a long and sturdy passphrase';

/** Password checks are a full argon2id hash each; on a busy 2-core machine a step can take many seconds. */
export const PATIENT_MS = 45_000;

export const unique = (label: string) => `e2e-${label}-${Date.now().toString(36)}@example.test`;

type Scope = Page | Locator;

/** A field by its exact label ("Email", "Password", "Code"): "Email address" would not match. */
export const field = (scope: Scope, label: string) => scope.getByLabel(label, { exact: true });

/** A button by its exact name ("Sign in", not "Sign in with this link"). */
export const button = (scope: Scope, name: string) => scope.getByRole('button', { name, exact: true });

export const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Conversations' });

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
	await field(page, 'Email').fill(email);
	await field(page, 'Password').fill(password);
	await button(page, 'Sign in').click();
}

/** Fills the sign-up form already on screen and waits for "check your email". */
export async function signUp(page: Page, email: string): Promise<void> {
	await field(page, 'Email').fill(email);
	await field(page, 'Password').fill(PASSWORD);
	await button(page, 'Create account').click();
	await page.getByRole('status').filter({ hasText: `Check your email: we sent a link to ${email}` }).waitFor();
}

/** Opens the emailed verification link and confirms: signed in on `page`, at /account. */
export async function verifyByEmailedLink(page: Page, baseUrl: string, email: string): Promise<void> {
	await page.goto(await emailedLink(baseUrl, email, '/verify-email'));
	await button(page, 'Verify email').click();
	await showsSignedIn(page, email);
}

/** Signs up through the UI and opens the verification link: signed in on `page`. */
export async function signUpAndVerify(page: Page, baseUrl: string, email: string): Promise<void> {
	await page.goto('/sign-up');
	await signUp(page, email);
	await verifyByEmailedLink(page, baseUrl, email);
}

/** What an authenticator app shows `ahead` 30-second steps from now. */
export function totp(secret: string, ahead = 0): string {
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);
}

/** A six-digit code the authenticator shows at no step the server would accept now. */
export function wrongTotp(secret: string): string {
	const accepted = new Set([-1, 0, 1, 2].map((ahead) => totp(secret, ahead)));
	return ['000000', '111111', '222222', '333333', '444444'].find((code) => !accepted.has(code))!;
}

/** On /account: "Set up two-factor", and the key it shows (base32), as an app would scan it. */
export async function startTwoFactorSetup(page: Page): Promise<string> {
	await button(page, 'Set up two-factor').click();
	return (await page.getByLabel('Authenticator key').innerText()).trim();
}

/** Confirms the setup with the current code; returns the 10 recovery codes shown once. */
export async function turnOnTwoFactor(page: Page, secret: string): Promise<string[]> {
	await field(page, 'Code').fill(totp(secret));
	await button(page, 'Turn on two-factor').click();
	const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
	await codes.nth(9).waitFor();
	const recoveryCodes = (await codes.allInnerTexts()).map((code) => code.trim());
	await button(page, 'I saved them').click();
	return recoveryCodes;
}

/** The second step of signing in: a code into "Code", then "Verify code". */
export async function enterCode(page: Page, code: string): Promise<void> {
	await field(page, 'Code').fill(code);
	await button(page, 'Verify code').click();
}

/** The account page, signed in as `email`. */
export async function showsSignedIn(page: Page, email: string): Promise<void> {
	await page.waitForURL('**/account');
	await page.getByText(`Signed in as ${email}`).waitFor();
}

/** After a password change or reset: the old password (PASSWORD) is refused, `newPassword` signs in. */
export async function onlyNewPasswordSignsIn(page: Page, email: string, newPassword: string): Promise<void> {
	await signIn(page, email);
	await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
	await signIn(page, email, newPassword);
	await showsSignedIn(page, email);
}

/** The account page's signed-out view, and the sidebar offering "Sign in". */
export async function showsSignedOut(page: Page): Promise<void> {
	await page.getByText('You are not signed in').waitFor();
	await sidebar(page).getByRole('link', { name: 'Sign in', exact: true }).waitFor();
}

/** Signs a new account up and verifies it through the API, signed in in `context`; its address. */
export async function signUpThroughApi(baseUrl: string, context: BrowserContext, label: string): Promise<string> {
	const email = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.test`;
	const response = await fetch(`${baseUrl}/api/auth/sign-up`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Origin: baseUrl },
		body: JSON.stringify({ email, password: PASSWORD })
	});
	assert.equal(response.status, 202);
	const link = await emailedLink(baseUrl, email, '/verify-email');
	const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token');
	const verified = await context.request.post('/api/auth/verify-email', { data: { token }, headers: { Origin: baseUrl } });
	assert.equal(verified.status(), 200);
	return email;
}
