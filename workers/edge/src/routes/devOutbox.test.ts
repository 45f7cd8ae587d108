// GET /api/dev/outbox as a developer reads it: a page in the browser, JSON for tools.
import { describe, expect, it } from 'vitest';
import { createAccount, FLOW_TIMEOUT_MS, outbox, uniqueEmail } from '../../test/accounts.ts';
import { callEdge } from '../../test/edge.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const page = (query: string) => callEdge(`/api/dev/outbox${query}`, { headers: { Accept: BROWSER_ACCEPT } }, { EMAIL_OUTBOX: '1' });

describe('the dev outbox page', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('shows a browser each email to an address, its link clickable, under the API’s policy', async () => {
		const email = uniqueEmail('outbox');
		await createAccount(email);
		const [sent] = await outbox(email);
		const { response } = await page(`?to=${encodeURIComponent(email)}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
		expect(response.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
		const html = await response.text();
		expect(html).toContain(`<h2>Emails to ${email}: `);
		expect(html).toContain(`<h2>${sent!.subject}</h2>`);
		const link = /https:\/\/edge\.test\/verify-email#token=[a-z2-7.]+/.exec(sent!.text)![0];
		expect(html).toContain(`<a href="${link}">${link}</a>`);
	});

	it('escapes what it echoes, so a crafted link cannot put markup in the page', async () => {
		const { response } = await page(`?to=${encodeURIComponent('"><script>alert(1)</script>@x.test')}`);
		const html = await response.text();
		expect(html).not.toContain('<script>');
		expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.test"');
		expect(html).toContain('<p>No emails yet.</p>');
	});

	it('still answers tools with JSON, and does not exist without EMAIL_OUTBOX=1', async () => {
		const json = await callEdge('/api/dev/outbox', {}, { EMAIL_OUTBOX: '1' });
		expect(json.response.headers.get('Content-Type')).toMatch(/^application\/json/);
		const off = await callEdge('/api/dev/outbox', { headers: { Accept: BROWSER_ACCEPT } }, { EMAIL_OUTBOX: '0' });
		expect(off.response.status).toBe(404);
	});
});
