// The app shell's Content-Security-Policy (a <meta> from kit.csp) and the headers of its static
// files (_headers): the app works under them, and script that is not the app's does not run
// (decision 0049).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assistantMessages, pickModel, sendMessage, waitIdle } from './support/stack.ts';
import { stackForFile } from './support/thread.ts';

const stack = stackForFile();

/** A page whose CSP violations (the browser's events and console reports) are recorded. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
	const context = await stack().newContext();
	await context.addInitScript(() => {
		const state = window as unknown as { violations: string[] };
		state.violations = [];
		document.addEventListener('securitypolicyviolation', (event) => state.violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${location.pathname}`));
	});
	const page = await context.newPage();
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(`${message.text().slice(0, 60)} at ${message.location().url}:${message.location().lineNumber}`);
	});
	return { page, violations };
}

const pageViolations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

describe('security policy of the app shell', () => {
	it('serves the shell with a policy that allows no inline script and no eval, and with headers that forbid framing it', async () => {
		const { page } = await watchedPage();
		const response = await page.goto('/');
		assert.ok(response);
		const headers = response.headers();
		assert.equal(headers['x-frame-options'], 'DENY');
		assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
		assert.equal(headers['x-content-type-options'], 'nosniff');
		const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		assert.ok(policy, 'no policy in the shell');
		const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
		assert.match(scriptSrc, /'self'/);
		assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'|\*|https:/);
		assert.match(policy, /object-src 'none'/);
		await page.context().close();
	});

	it('sends the same security headers on every static file, the single-page fallback and the API', async () => {
		const base = stack().url;
		const shell = await (await fetch(`${base}/`)).text();
		const script = /\/_app\/immutable\/[^"'\s]+\.js/.exec(shell)?.[0];
		assert.ok(script, 'the shell names no hashed script');
		const paths: Array<[string, RegExp]> = [
			['/', /text\/html/],
			[script, /javascript/],
			['/service-worker.js', /javascript/],
			['/manifest.webmanifest', /manifest\+json|json/],
			['/sign-in', /text\/html/],
			['/no/such/page', /text\/html/]
		];
		const expected = {
			'strict-transport-security': 'max-age=63072000; includeSubDomains',
			'cross-origin-resource-policy': 'same-origin',
			'x-frame-options': 'DENY',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "frame-ancestors 'none'",
			'referrer-policy': 'strict-origin-when-cross-origin',
			'permissions-policy': 'camera=(), geolocation=(), payment=(), usb=(), microphone=(self)'
		};
		for (const [path, type] of paths) {
			const response = await fetch(`${base}${path}`);
			assert.equal(response.status, 200, path);
			assert.match(response.headers.get('content-type') ?? '', type, path);
			for (const [name, value] of Object.entries(expected)) assert.equal(response.headers.get(name), value, `${name} on ${path}`);
		}
		// The API's own (stricter) set shares the transport and cross-origin headers.
		const api = await fetch(`${base}/api/health`);
		for (const name of ['strict-transport-security', 'cross-origin-resource-policy', 'x-frame-options', 'x-content-type-options'] as const) {
			assert.equal(api.headers.get(name), expected[name], `${name} on /api/health`);
		}
		assert.match(api.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
	});

	it('streams a reply with math, code and tables, and opens search and settings, with no violation', async () => {
		const { page, violations } = await watchedPage();
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await sendMessage(page, '[[long:3000]] under the policy');
		await waitIdle(page);
		const reply = assistantMessages(page).last();
		await reply.locator('.katex').first().waitFor();
		await reply.locator('pre code').first().waitFor();
		await reply.locator('table').first().waitFor();
		// A reload: the service worker's copy of the shell carries the same policy.
		await page.reload();
		await assistantMessages(page).last().locator('.katex').first().waitFor();
		await page.goto('/search');
		await page.getByRole('searchbox').first().fill('policy');
		await page.goto('/settings');
		await page.getByRole('heading', { level: 1 }).first().waitFor();
		await page.waitForTimeout(300);
		assert.deepEqual([...violations, ...(await pageViolations(page))], []);
		await page.context().close();
	});

	it('does not run a script or an inline event handler put into the page', async () => {
		const { page } = await watchedPage();
		await page.goto('/');
		await page.getByRole('textbox', { name: 'Message' }).waitFor();
		const ran = await page.evaluate(async () => {
			const state = window as unknown as { ranScript?: boolean; ranHandler?: boolean };
			const script = document.createElement('script');
			script.textContent = 'window.ranScript = true';
			document.head.append(script);
			const holder = document.createElement('div');
			holder.innerHTML = '<img src="data:," onerror="window.ranHandler = true">';
			document.body.append(holder);
			await new Promise((resolve) => setTimeout(resolve, 300));
			return { script: state.ranScript ?? false, handler: state.ranHandler ?? false };
		});
		assert.deepEqual(ran, { script: false, handler: false });
		const violations = await pageViolations(page);
		assert.ok(violations.some((v) => v.startsWith('script-src')), `no script-src violation recorded: ${JSON.stringify(violations)}`);
		await page.context().close();
	});
});
