// Limits and formats of the wire protocol that need no schema library. The app's first
// screen imports them from here, so it does not load zod's full API to learn a number
// (decision 0022); chat.ts and ops.ts re-export them for everyone else.

/** Longest single message we accept, in characters (UI and edge agree on it). */
export const MAX_MESSAGE_CHARS = 100_000;
/** Largest chat request body the edge accepts, in bytes: text plus inline images. */
export const MAX_CHAT_BODY_BYTES = 14_000_000;

/** Image types every vision upstream accepts. */
export const IMAGE_PART_TYPES = ['image/webp', 'image/png', 'image/jpeg', 'image/gif'] as const;
/** Largest image part, in base64 characters (about 3 MB of image). */
export const MAX_IMAGE_PART_CHARS = 4_000_000;
/** Most images in one message. */
export const MAX_IMAGES_PER_MESSAGE = 8;
/** Most image bytes (base64 characters) in one request, all messages together. */
export const MAX_IMAGE_CHARS_PER_REQUEST = 12_000_000;

/** A serialized hybrid logical clock timestamp (src/lib/core/hlc.ts): wall-counter-node. */
export const HLC_PATTERN = /^(\d{15})-(\d{6})-([0-9a-z]{1,32})$/;
