// Sends a notification to every device of a user that wants its kind. Messages are
// encrypted (RFC 8291, aes128gcm) and signed (VAPID, RFC 8292) with Web Crypto by
// @block65/webcrypto-web-push, so this runs in the Workers runtime (decision 0012).
// Other parts of the edge (rooms, runner jobs) call `notifyUser`; it never throws for a
// delivery problem: push is best effort, and the caller's own work must not fail with it.
import { buildPushPayload } from '@block65/webcrypto-web-push';
import { pushPayloadSchema, type PushKind, type PushPayload } from '../../../../src/lib/protocol/push.ts';
import type { EdgeEnv } from '../env.ts';
import { forgetEndpoint, subscriptionsFor } from './subscriptions.ts';
import { readVapidConfig, type VapidConfig } from './vapidConfig.ts';

export interface NotifyResult {
	/** Devices the push service accepted the message for. */
	sent: number;
	/** Subscriptions removed because the push service no longer knows them (404/410). */
	removed: number;
	/** Devices the message could not reach now (push service error, network). */
	failed: number;
}

export interface NotifyOptions {
	/** How requests reach the push services; tests route them to a fake over plain HTTP. */
	fetch?: typeof fetch;
}

/** How long a push service keeps a message for a device that is offline. */
const TTL_SECONDS: Record<PushKind, number> = {
	room_message: 60 * 60,
	image_job: 24 * 60 * 60,
	transcription: 24 * 60 * 60,
	query: 24 * 60 * 60
};

/**
 * Notifies `userId`'s devices of `kind`. Does nothing (all zeros) when this server has no
 * (valid) VAPID keys or the user has no device that wants this kind. Throws only for a
 * payload that breaks the protocol (a caller's bug).
 */
export async function notifyUser(
	env: EdgeEnv,
	userId: string,
	kind: PushKind,
	payload: Omit<PushPayload, 'kind'>,
	options: NotifyOptions = {}
): Promise<NotifyResult> {
	const result: NotifyResult = { sent: 0, removed: 0, failed: 0 };
	let vapid: VapidConfig | null;
	try {
		vapid = readVapidConfig(env);
	} catch (error) {
		// Misconfigured keys: /api/push/config answers 500 and says why; callers carry on.
		console.error(error instanceof Error ? error.message : String(error));
		return result;
	}
	if (!vapid) return result;
	const data = pushPayloadSchema.parse({ ...payload, kind });
	const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
	const devices = await subscriptionsFor(env.DB, userId, kind);
	await Promise.all(
		devices.map(async (device) => {
			try {
				const request = await buildPushPayload(
					{ data, options: { ttl: TTL_SECONDS[kind], urgency: kind === 'room_message' ? 'high' : 'normal' } },
					{ endpoint: device.endpoint, expirationTime: null, keys: { p256dh: device.p256dh, auth: device.auth } },
					vapid
				);
				const response = await send(device.endpoint, request);
				await response.body?.cancel();
				if (response.status === 404 || response.status === 410) {
					await forgetEndpoint(env.DB, device.endpoint);
					result.removed += 1;
				} else if (response.ok) {
					result.sent += 1;
				} else {
					result.failed += 1;
					console.warn(`push: ${new URL(device.endpoint).host} answered ${response.status} for a ${kind} notification`);
				}
			} catch (error) {
				result.failed += 1;
				console.warn(`push: could not send a ${kind} notification: ${error instanceof Error ? error.message : String(error)}`);
			}
		})
	);
	return result;
}
