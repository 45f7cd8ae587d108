// The app's handle on synced files whose bytes are elsewhere: download one now (a full
// image being opened), or retry one that failed. Bytes come from the user's blob store.
import { database } from '$lib/db/database.ts';
import { fetchRemoteFile, retryRemoteFile } from '$lib/sync/remoteFiles.ts';
import { httpSyncApi } from '$lib/sync/syncApi.ts';

const getBlob = (sha256: string) => httpSyncApi.getBlob(sha256);

/** Downloads a synced file; true once it is on this device. */
export function downloadRemoteFile(id: string): Promise<boolean> {
	return fetchRemoteFile(database(), getBlob, id);
}

/** Retries a failed download now (the full file when `full`, else what is fetched eagerly). */
export function retryDownload(id: string, full: boolean): Promise<void> {
	return retryRemoteFile(database(), getBlob, id, full);
}
