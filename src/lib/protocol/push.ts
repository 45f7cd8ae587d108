// Web Push between the edge, the app and the service worker: what a device registers,
// which kinds of notification it wants, and what a push message carries.
import { z } from 'zod';

/** What a notification can be about; each device chooses which it wants. */
export const pushKindSchema = z.enum(['room_message', 'image_job', 'transcription', 'query']);
export type PushKind = z.infer<typeof pushKindSchema>;
export const PUSH_KINDS = pushKindSchema.options;

export const PUSH_KIND_LABELS: Record<PushKind, string> = {
	room_message: 'A new message in a room while Atrium is in the background',
	image_job: 'An image finished generating',
	transcription: 'A transcription finished',
	query: 'A query finished'
};

const base64Url = (what: string, min: number, max: number) =>
	z
		.string()
		.regex(/^[A-Za-z0-9_-]+={0,2}$/, `The subscription's ${what} key is not base64url.`)
		.min(min, `The subscription's ${what} key is too short.`)
		.max(max, `The subscription's ${what} key is too long.`);

/** PushSubscription.toJSON() as the browser gives it, plus this device's choices. */
export const pushSubscriptionBodySchema = z.strictObject({
	endpoint: z.url({ protocol: /^https$/, error: 'The push endpoint must be an https address.' }).max(2048, 'The push endpoint is too long.'),
	expirationTime: z.number().int().nonnegative().nullable().optional(),
	keys: z.strictObject({
		// An uncompressed P-256 point (65 bytes: 87 characters) and a 16-byte secret (22).
		p256dh: base64Url('p256dh', 80, 100),
		auth: base64Url('auth', 16, 32)
	}),
	kinds: z.array(pushKindSchema).max(PUSH_KINDS.length).default([...PUSH_KINDS])
});
export type PushSubscriptionBody = z.infer<typeof pushSubscriptionBodySchema>;

export const pushUnsubscribeBodySchema = z.strictObject({ endpoint: z.url().max(2048) });

export const pushConfigResponseSchema = z.object({
	/** The VAPID public key (base64url), or null when this server does not send push. */
	publicKey: z.string().nullable()
});
export type PushConfigResponse = z.infer<typeof pushConfigResponseSchema>;

export const pushSubscriptionResponseSchema = z.object({ endpoint: z.string(), kinds: z.array(pushKindSchema) });
export type PushSubscriptionResponse = z.infer<typeof pushSubscriptionResponseSchema>;

/** What a push message carries; the service worker shows it and opens `url` on a click. */
export const pushPayloadSchema = z.object({
	kind: pushKindSchema,
	title: z.string().min(1).max(120),
	body: z.string().max(400).default(''),
	/** Same-origin path to open, e.g. `/c/<id>` or `/r/<id>`. */
	url: z.string().startsWith('/').refine((path) => !path.startsWith('//'), 'The notification must open a path on this site.'),
	/** Notifications with one tag replace each other (e.g. one per room). */
	tag: z.string().max(64).optional()
});
export type PushPayload = z.input<typeof pushPayloadSchema>;
