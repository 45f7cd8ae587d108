// The edge's VAPID identity (RFC 8292): the key pair push services know this server by,
// and a contact (`mailto:` or an https URL). All three settings or none: none means this
// server does not send push; a half-set or malformed one is a configuration error.
import { z } from 'zod';
import { ConfigError } from '../config.ts';
import type { EdgeEnv } from '../env.ts';

export interface VapidConfig {
	/** Uncompressed P-256 public key, base64url (what browsers take as applicationServerKey). */
	publicKey: string;
	/** The private scalar `d`, base64url (32 bytes). */
	privateKey: string;
	subject: string;
}

const base64Url = /^[A-Za-z0-9_-]+$/;

function decodedLength(value: string): number {
	return Math.floor((value.length * 3) / 4);
}

const vapidSchema = z.object({
	VAPID_PUBLIC_KEY: z
		.string()
		.trim()
		.regex(base64Url, 'must be base64url without padding')
		.refine((key) => decodedLength(key) === 65 && key.startsWith('B'), 'must be an uncompressed P-256 point (65 bytes)'),
	VAPID_PRIVATE_KEY: z
		.string()
		.trim()
		.regex(base64Url, 'must be base64url without padding')
		.refine((key) => decodedLength(key) === 32, 'must be 32 bytes'),
	VAPID_SUBJECT: z
		.string()
		.trim()
		.refine((subject) => /^mailto:[^@\s]+@[^@\s]+$/.test(subject) || /^https:\/\/\S+$/.test(subject), 'must be a mailto: or https: address')
});

const cache = new WeakMap<object, VapidConfig | null>();

/** The VAPID settings, or null when push is not configured. */
export function readVapidConfig(env: EdgeEnv): VapidConfig | null {
	const cached = cache.get(env);
	if (cached !== undefined) return cached;
	const values = [env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT].map((value) => value?.trim() ?? '');
	let config: VapidConfig | null = null;
	if (values.some(Boolean)) {
		const parsed = vapidSchema.safeParse(env);
		if (!parsed.success) {
			const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
			throw new ConfigError(`Invalid push configuration (set all of VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT): ${issues.join('; ')}`);
		}
		config = { publicKey: parsed.data.VAPID_PUBLIC_KEY, privateKey: parsed.data.VAPID_PRIVATE_KEY, subject: parsed.data.VAPID_SUBJECT };
	}
	cache.set(env, config);
	return config;
}
