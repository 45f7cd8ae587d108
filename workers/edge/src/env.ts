// The bindings the edge reads. Wrangler generates `Env` from wrangler.toml
// (worker-configuration.d.ts); secrets are optional and absent from that file, so this
// interface states them, and the check below keeps both in step.
import type { RateLimiter } from './rateLimiterObject.ts';
import type { Room } from './rooms/roomObject.ts';
import type { Space } from './space/spaceObject.ts';

export interface EdgeEnv {
	/** D1 database: usage records and accounts (schema in db/schema.ts). */
	DB: D1Database;
	/** One Durable Object per client key: the burst rate limiter. */
	RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
	/** One Durable Object per live room (by room id): its log, links and sockets. */
	ROOM: DurableObjectNamespace<Room>;
	/** One Durable Object per user id: the user's sync log. */
	SPACE: DurableObjectNamespace<Space>;
	/** R2 bucket: attachment bytes by user and SHA-256 (synced as blob references). */
	BLOBS: R2Bucket;
	/** Comma-separated origins allowed cross-origin; same-origin always works. */
	ALLOWED_ORIGINS?: string;
	/** Chat calls allowed per client in one window (default 20). */
	RATE_LIMIT_MAX?: string;
	/** Length of the rate-limit window in seconds (default 10). */
	RATE_LIMIT_WINDOW_SECONDS?: string;
	/** Secret. Enables the OpenAI-compatible upstream. */
	OPENAI_API_KEY?: string;
	/** OpenAI-compatible base URL including /v1 (default https://api.openai.com/v1). */
	OPENAI_BASE_URL?: string;
	/** Secret. Enables the Gemini upstream. */
	GEMINI_API_KEY?: string;
	/** Gemini API base URL (default: the SDK's, https://generativelanguage.googleapis.com). */
	GEMINI_BASE_URL?: string;
	/** Secret. When set, /api/models and /api/chat require `Authorization: Bearer <it>`. */
	EDGE_ACCESS_TOKEN?: string;
	/** `1` keeps every email in D1 and serves them at /api/dev/outbox (development only). */
	EMAIL_OUTBOX?: string;
	/** Resend-compatible email API endpoint (POST JSON); unset sends no real email. */
	EMAIL_API_URL?: string;
	/** Secret. Bearer key for EMAIL_API_URL. */
	EMAIL_API_KEY?: string;
	/** Sender, e.g. `Atrium <accounts@example.com>`; required with EMAIL_API_URL. */
	EMAIL_FROM?: string;
	/** Attempts per client address on each of sign-in, sign-up, reset, verify (default 10). */
	AUTH_RATE_LIMIT_MAX?: string;
	/** Window for AUTH_RATE_LIMIT_MAX in seconds (default 600). */
	AUTH_RATE_LIMIT_WINDOW_SECONDS?: string;
	/** GitHub OAuth app client id; with GITHUB_CLIENT_SECRET it enables "Continue with GitHub". */
	GITHUB_CLIENT_ID?: string;
	/** Secret. GitHub OAuth app client secret. */
	GITHUB_CLIENT_SECRET?: string;
	/** Google OAuth client id; with GOOGLE_CLIENT_SECRET it enables "Continue with Google". */
	GOOGLE_CLIENT_ID?: string;
	/** Secret. Google OAuth client secret. */
	GOOGLE_CLIENT_SECRET?: string;
	/** Development and tests only: serve every GitHub OAuth endpoint from this base URL (a fake). */
	OAUTH_GITHUB_BASE_URL?: string;
	/** Development and tests only: the same for Google. */
	OAUTH_GOOGLE_BASE_URL?: string;
	/** Chat requests per UTC day to server-held models on the free tier (default 50). */
	QUOTA_FREE_DAILY_REQUESTS?: string;
	/** The same for the premium tier (default 1000); admins have no daily limit. */
	QUOTA_PREMIUM_DAILY_REQUESTS?: string;
	/** The same for callers who are not signed in, per client address (default: the free tier's). */
	QUOTA_ANONYMOUS_DAILY_REQUESTS?: string;
	/** Comma-separated addresses whose verified accounts become admins when they sign in. */
	ADMIN_EMAILS?: string;
	/** Web Push: this server's VAPID public key (base64url, 65 bytes); `npm run vapid-keys` makes a pair. */
	VAPID_PUBLIC_KEY?: string;
	/** Secret. The VAPID private key (base64url, 32 bytes). */
	VAPID_PRIVATE_KEY?: string;
	/** Who push services may contact about this server: `mailto:you@example.com` or an https URL. */
	VAPID_SUBJECT?: string;
}

/**
 * Fails to compile when wrangler.toml and this interface disagree on a binding the edge
 * uses. The namespace is compared without its class type, which `wrangler types
 * --include-main-module=false` cannot know.
 */
type Assert<T extends true> = T;
export type GeneratedEnvMatches = Assert<
	Env extends Omit<EdgeEnv, 'RATE_LIMITER' | 'SPACE' | 'ROOM'> & { RATE_LIMITER: DurableObjectNamespace; SPACE: DurableObjectNamespace; ROOM: DurableObjectNamespace } ? true : false
>;
