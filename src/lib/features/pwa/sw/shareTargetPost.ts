/// <reference lib="webworker" />
// The manifest's share target posts what another app shares (title, text, url and files)
// as multipart form data. A POST cannot be answered by the client-rendered app, so the
// service worker takes it: the files wait in a cache, and the page opens at
// /share?…&files=<batch> to pick them up (src/lib/features/pwa/shareInbox.ts).
import { registerRoute } from 'workbox-routing';
import { SHARE_FILE_NAME_HEADER, SHARE_INBOX_CACHE, SHARE_INBOX_PREFIX } from '../swProtocol.ts';

export function registerShareTarget(origin: string): void {
	registerRoute(({ url }) => url.origin === origin && url.pathname === '/share', receiveShare, 'POST');
}

async function receiveShare({ request }: { request: Request }): Promise<Response> {
	const query = new URLSearchParams();
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		query.set('error', 'unreadable');
		return Response.redirect(`/share?${query}`, 303);
	}
	for (const field of ['title', 'text', 'url']) {
		const value = form.get(field);
		if (typeof value === 'string' && value !== '') query.set(field, value);
	}
	const files = form.getAll('files').filter((entry): entry is File => typeof entry !== 'string' && entry.name !== '');
	if (files.length > 0) {
		const batch = crypto.randomUUID();
		const cache = await caches.open(SHARE_INBOX_CACHE);
		await Promise.all(
			files.map((file, index) =>
				cache.put(
					`${SHARE_INBOX_PREFIX}${batch}/${index}`,
					new Response(file, { headers: { 'content-type': file.type || 'application/octet-stream', [SHARE_FILE_NAME_HEADER]: encodeURIComponent(file.name) } })
				)
			)
		);
		query.set('files', batch);
	}
	return Response.redirect(`/share?${query}`, 303);
}
