// The app's handle on synced files whose bytes are elsewhere: download one now (a full
// image being opened), or retry one that failed. Bytes come from the user's blob store.
// The sync client (and its wire schemas) loads when a file is fetched, not with every
// message list (decision 0022).
import { database } from '$lib/db/database.ts';

async function client() {
	const [files, { httpSyncApi }] = await Promise.all([import('$lib/sync/remoteFiles.ts'), import('$lib/sync/syncApi.ts')]);
	return { ...files, getBlob: (sha256: string) => httpSyncApi.getBlob(sha256) };
}

/** Downloads a synced file; true once it is on this device. */
export async function downloadRemoteFile(id: string): Promise<boolean> {
	const { fetchRemoteFile, getBlob } = await client();
	return fetchRemoteFile(database(), getBlob, id);
}

/** Retries a failed download now (the full file when `full`, else what is fetched eagerly). */
export async function retryDownload(id: string, full: boolean): Promise<void> {
	const { retryRemoteFile, getBlob } = await client();
	return retryRemoteFile(database(), getBlob, id, full);
}
