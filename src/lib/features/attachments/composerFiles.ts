// What the composer needs once the draft has files: the draft (reading each file as it comes)
// and its chips. Loaded with the first file dropped, pasted or picked (decision 0030).
export { AttachmentDraft } from './draft.svelte.ts';
export { default as AttachmentTray } from './AttachmentTray.svelte';
