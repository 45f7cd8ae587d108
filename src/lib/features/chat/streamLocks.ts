// A tab streaming a reply holds a Web Lock named after the message, so another tab (or
// this one after a reload) can tell a live stream from one whose tab is gone.

const PREFIX = 'atrium-stream:';

/** Holds the lock for `messageId` until `work` settles. */
export function holdStreamLock<T>(messageId: string, work: () => Promise<T>): Promise<T> {
	if (typeof navigator === 'undefined' || !navigator.locks) return work();
	return navigator.locks.request(`${PREFIX}${messageId}`, work);
}

/** Ids of messages some tab of this origin is streaming into right now. */
export async function liveStreamIds(): Promise<Set<string>> {
	if (typeof navigator === 'undefined' || !navigator.locks) return new Set();
	const { held = [] } = await navigator.locks.query();
	return new Set(
		held.flatMap((lock) => (lock.name?.startsWith(PREFIX) ? [lock.name.slice(PREFIX.length)] : []))
	);
}

/**
 * Settles once no tab of this origin is streaming a reply, including replies that start
 * while it waits: each live lock is queued for and released at once.
 */
export async function repliesSettled(): Promise<void> {
	for (let ids = await liveStreamIds(); ids.size > 0; ids = await liveStreamIds()) {
		await Promise.all([...ids].map((id) => navigator.locks.request(`${PREFIX}${id}`, async () => {})));
	}
}
