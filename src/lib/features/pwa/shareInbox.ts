// The page's half of the share target for files: takes the files the service worker
// stored for one share (src/lib/features/pwa/sw/shareTargetPost.ts) out of its cache, in
// the order they were shared. Taking them removes them, so a reload does not attach twice.
import { SHARE_FILE_NAME_HEADER, SHARE_INBOX_CACHE, SHARE_INBOX_PREFIX } from './swProtocol.ts';

const BATCH = /^[\w-]{1,64}$/;

export async function takeSharedFiles(batch: string | null): Promise<File[]> {
	if (!batch || !BATCH.test(batch) || typeof caches === 'undefined') return [];
	const cache = await caches.open(SHARE_INBOX_CACHE);
	const prefix = `${SHARE_INBOX_PREFIX}${batch}/`;
	const requests = (await cache.keys()).filter((request) => new URL(request.url).pathname.startsWith(prefix));
	const indexed = await Promise.all(
		requests.map(async (request) => {
			const response = await cache.match(request);
			await cache.delete(request);
			if (!response) return null;
			const name = decodeURIComponent(response.headers.get(SHARE_FILE_NAME_HEADER) ?? 'shared file');
			const type = response.headers.get('content-type') ?? '';
			const file = new File([await response.blob()], name, { type: type === 'application/octet-stream' ? '' : type });
			return { index: Number(new URL(request.url).pathname.slice(prefix.length)), file };
		})
	);
	return indexed.flatMap((entry) => (entry ? [entry] : [])).sort((a, b) => a.index - b.index).map((entry) => entry.file);
}
