// The app's calls to /api/push, with the account API's error handling (accountApi.ts).
import { pushConfigResponseSchema, pushSubscriptionResponseSchema, type PushKind, type PushSubscriptionResponse } from '$lib/protocol/push.ts';
import { call, post } from '../account/accountCall.ts';

export const pushApi = {
	/** The server's VAPID public key, or null when it does not send notifications. */
	publicKey: async (): Promise<string | null> => (await call('/api/push/config', {}, pushConfigResponseSchema)).publicKey,
	save: (subscription: PushSubscriptionJSON, kinds: PushKind[]): Promise<PushSubscriptionResponse> =>
		call('/api/push/subscriptions', post({ endpoint: subscription.endpoint, expirationTime: subscription.expirationTime ?? null, keys: subscription.keys, kinds }), pushSubscriptionResponseSchema),
	remove: (endpoint: string): Promise<void> =>
		call('/api/push/subscriptions', { method: 'DELETE', body: JSON.stringify({ endpoint }) }, null)
};

/** A base64url VAPID key as the bytes `pushManager.subscribe` takes. */
export function applicationServerKey(base64Url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64Url.replaceAll('-', '+').replaceAll('_', '/');
	const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
