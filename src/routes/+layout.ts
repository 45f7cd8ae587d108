// IndexedDB is the source of truth, so pages render in the browser only; the server
// (or the service worker) hands out the same static shell for every route.
export const ssr = false;
export const prerender = false;
