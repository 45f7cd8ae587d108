// A blob's type as stored and served: what an uploader says is kept only when it cannot make
// the API's origin render a document.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { account, createAccount, FLOW_TIMEOUT_MS, SESSION_COOKIE } from '../../test/accounts.ts';
import { callEdge, EDGE_ORIGIN } from '../../test/edge.ts';
import { blobTypeHeaders, storedMediaType } from './blobMediaType.ts';
import { r2BlobStore, sha256Hex } from './blobStore.ts';

describe('storedMediaType', () => {
	it.each([
		['image/png', 'image/png'],
		['Image/JPEG', 'image/jpeg'],
		['text/plain; charset=utf-8', 'text/plain'],
		['application/pdf', 'application/pdf'],
		['text/html', 'application/octet-stream'],
		['image/svg+xml', 'application/octet-stream'],
		['application/xhtml+xml', 'application/octet-stream'],
		['text/javascript', 'application/octet-stream'],
		['text/plain, text/html', 'application/octet-stream'],
		['', 'application/octet-stream'],
		[null, 'application/octet-stream']
	])('%j is kept as %j', (sent, stored) => {
		expect(storedMediaType(sent)).toBe(stored);
	});

	it('serves anything off the allowlist as a download, and nothing sniffed', () => {
		expect(blobTypeHeaders('image/webp')).toEqual({ 'Content-Type': 'image/webp', 'X-Content-Type-Options': 'nosniff' });
		expect(blobTypeHeaders('text/html')).toEqual({
			'Content-Type': 'application/octet-stream',
			'X-Content-Type-Options': 'nosniff',
			'Content-Disposition': 'attachment'
		});
	});
});

describe('PUT then GET /api/sync/blobs/:sha256', { timeout: FLOW_TIMEOUT_MS }, () => {
	let session: string;
	let userId: string;
	beforeAll(async () => {
		session = (await createAccount()).session;
		userId = ((await (await account('/api/me', { session })).response.json()) as { user: { id: string } }).user.id;
	}, FLOW_TIMEOUT_MS);

	async function roundTrip(text: string, contentType: string) {
		const bytes = new TextEncoder().encode(text);
		const address = await sha256Hex(bytes);
		const put = await callEdge(`/api/sync/blobs/${address}`, {
			method: 'PUT',
			body: bytes,
			headers: { Origin: EDGE_ORIGIN, 'Content-Type': contentType, Cookie: `${SESSION_COOKIE}=${session}` }
		});
		expect(put.response.status).toBe(204);
		await put.settled();
		const { response } = await account(`/api/sync/blobs/${address}`, { session });
		return { address, response };
	}

	it('stores an HTML upload as opaque bytes and serves it as an attachment, never as a page', async () => {
		const page = '<script>alert(document.cookie)</script>';
		const { address, response } = await roundTrip(page, 'text/html; charset=utf-8');
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
		expect(response.headers.get('Content-Disposition')).toBe('attachment');
		expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
		expect(await response.text()).toBe(page);
		const [listed] = (await r2BlobStore(env.BLOBS).list(userId)).filter((blob) => blob.sha256 === address);
		expect(listed?.mediaType).toBe('application/octet-stream');
	});

	it('keeps an allowlisted type, served inline', async () => {
		const { response } = await roundTrip('{"a":1}', 'application/json');
		expect(response.headers.get('Content-Type')).toBe('application/json');
		expect(response.headers.get('Content-Disposition')).toBeNull();
	});

	it('serves a blob stored before the allowlist under a safe type too', async () => {
		const bytes = new TextEncoder().encode('<svg onload="alert(1)"/>');
		const address = await sha256Hex(bytes);
		await env.BLOBS.put(`${userId}/${address}`, bytes, { httpMetadata: { contentType: 'image/svg+xml' } });
		const { response } = await account(`/api/sync/blobs/${address}`, { session });
		expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
		expect(response.headers.get('Content-Disposition')).toBe('attachment');
	});
});
