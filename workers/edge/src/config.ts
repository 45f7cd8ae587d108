// Reads the edge's configuration from its bindings once per env object, validated with
// zod so a typo in wrangler.toml or a secret fails loudly instead of half-working.
import { z } from 'zod';
import type { EdgeEnv } from './env.ts';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface EdgeConfig {
	openai: { apiKey: string; baseURL: string } | undefined;
	/** `baseURL` undefined means the SDK's default endpoint. */
	gemini: { apiKey: string; baseURL: string | undefined } | undefined;
	accessToken: string | undefined;
	allowedOrigins: readonly string[];
	rateLimit: { max: number; windowMs: number };
	/** Every configured secret, so messages and logs can be scrubbed of them. */
	secrets: readonly string[];
}

/** Unset and blank mean the same thing: `.dev.vars` and dashboards make blanks easy. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional());
const positiveInt = (fallback: number) =>
	z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));

const bindingsSchema = z.object({
	OPENAI_API_KEY: optionalText,
	OPENAI_BASE_URL: optionalUrl,
	GEMINI_API_KEY: optionalText,
	GEMINI_BASE_URL: optionalUrl,
	EDGE_ACCESS_TOKEN: optionalText,
	ALLOWED_ORIGINS: optionalText,
	RATE_LIMIT_MAX: positiveInt(20),
	RATE_LIMIT_WINDOW_SECONDS: positiveInt(10)
});

/** Thrown when a binding is malformed; its message names the binding, never its value. */
export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}

const cache = new WeakMap<object, EdgeConfig>();

export function readEdgeConfig(env: EdgeEnv): EdgeConfig {
	const cached = cache.get(env);
	if (cached) return cached;
	const parsed = bindingsSchema.safeParse(env);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid edge configuration: ${issues.join('; ')}`);
	}
	const b = parsed.data;
	const config: EdgeConfig = {
		openai: b.OPENAI_API_KEY ? { apiKey: b.OPENAI_API_KEY, baseURL: b.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL } : undefined,
		gemini: b.GEMINI_API_KEY ? { apiKey: b.GEMINI_API_KEY, baseURL: b.GEMINI_BASE_URL } : undefined,
		accessToken: b.EDGE_ACCESS_TOKEN,
		allowedOrigins: (b.ALLOWED_ORIGINS ?? '')
			.split(',')
			.map((origin) => origin.trim().replace(/\/+$/, ''))
			.filter(Boolean),
		rateLimit: { max: b.RATE_LIMIT_MAX, windowMs: b.RATE_LIMIT_WINDOW_SECONDS * 1000 },
		secrets: secretValues(env)
	};
	cache.set(env, config);
	return config;
}

/** The configured secrets, read without validation so even a misconfigured edge can scrub them. */
export function secretValues(env: EdgeEnv): string[] {
	return [env.OPENAI_API_KEY, env.GEMINI_API_KEY, env.EDGE_ACCESS_TOKEN, env.EMAIL_API_KEY, env.GITHUB_CLIENT_SECRET, env.GOOGLE_CLIENT_SECRET, env.VAPID_PRIVATE_KEY]
		.map((value) => value?.trim())
		.filter((value): value is string => !!value);
}
