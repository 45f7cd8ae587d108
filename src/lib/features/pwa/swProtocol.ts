// Names the page and the service worker (src/service-worker.ts) agree on. Kept apart so
// the worker's bundle takes only these strings, not the modules that use them.

/** The Background Sync tag for messages queued offline. */
export const SEND_QUEUE_SYNC_TAG = 'atrium-send-queue';
/** What the service worker posts to a page when queued messages should go out. */
export const SEND_QUEUE_FLUSH = 'SEND_QUEUE_FLUSH';
/** The runtime cache holding the last model lists (stale-while-revalidate). */
export const MODELS_CACHE = 'atrium-models';
/** The runtime cache holding images the app loaded (cache-first, size-limited). */
export const IMAGES_CACHE = 'atrium-images';
/** Heavy modules and data cached on first use rather than precached (cache-first). */
export const MODULES_CACHE = 'atrium-modules';
/** Where the service worker keeps files shared into Atrium until the share page takes them. */
export const SHARE_INBOX_CACHE = 'atrium-share-inbox';
/** The path prefix of those files inside SHARE_INBOX_CACHE: `<prefix><batch>/<index>`. */
export const SHARE_INBOX_PREFIX = '/__share-inbox/';
/** Headers that carry a shared file's name and its position in the batch. */
export const SHARE_FILE_NAME_HEADER = 'x-atrium-file-name';
