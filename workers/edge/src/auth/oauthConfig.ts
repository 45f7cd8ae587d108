// Which OAuth providers this edge offers, read from its bindings (decision 0009). A
// provider is on when both its client id and secret are set. The endpoints are the
// providers' own unless OAUTH_<PROVIDER>_BASE_URL points them all at one base URL, which
// is for development and tests (a fake provider), never for production.
import { z } from 'zod';
import type { OAuthProvider } from '../../../../src/lib/protocol/oauth.ts';
import { ConfigError } from '../config.ts';
import type { EdgeEnv } from '../env.ts';

export interface OAuthEndpoints {
	authorize: string;
	token: string;
	/** GitHub: the profile (`/user`); Google: the OpenID userinfo. */
	user: string;
	/** GitHub only: the account's addresses with their verified flags. */
	emails?: string;
}

export interface OAuthProviderConfig {
	id: OAuthProvider;
	clientId: string;
	clientSecret: string;
	endpoints: OAuthEndpoints;
	scopes: string[];
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional());

const bindingsSchema = z.object({
	GITHUB_CLIENT_ID: optionalText,
	GITHUB_CLIENT_SECRET: optionalText,
	GOOGLE_CLIENT_ID: optionalText,
	GOOGLE_CLIENT_SECRET: optionalText,
	OAUTH_GITHUB_BASE_URL: optionalUrl,
	OAUTH_GOOGLE_BASE_URL: optionalUrl
});

function githubEndpoints(base: string | undefined): OAuthEndpoints {
	if (!base) {
		return {
			authorize: 'https://github.com/login/oauth/authorize',
			token: 'https://github.com/login/oauth/access_token',
			user: 'https://api.github.com/user',
			emails: 'https://api.github.com/user/emails'
		};
	}
	const root = base.replace(/\/+$/, '');
	return { authorize: `${root}/login/oauth/authorize`, token: `${root}/login/oauth/access_token`, user: `${root}/user`, emails: `${root}/user/emails` };
}

function googleEndpoints(base: string | undefined): OAuthEndpoints {
	if (!base) {
		return {
			authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
			token: 'https://oauth2.googleapis.com/token',
			user: 'https://openidconnect.googleapis.com/v1/userinfo'
		};
	}
	const root = base.replace(/\/+$/, '');
	return { authorize: `${root}/o/oauth2/v2/auth`, token: `${root}/token`, user: `${root}/v1/userinfo` };
}

const cache = new WeakMap<object, OAuthProviderConfig[]>();

/** The configured providers, in display order. */
export function readOAuthConfig(env: EdgeEnv): OAuthProviderConfig[] {
	const cached = cache.get(env);
	if (cached) return cached;
	const parsed = bindingsSchema.safeParse(env);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid OAuth configuration: ${issues.join('; ')}`);
	}
	const b = parsed.data;
	const pair = (id: string | undefined, secret: string | undefined, name: string) => {
		if (!!id !== !!secret) throw new ConfigError(`Invalid OAuth configuration: set both ${name}_CLIENT_ID and ${name}_CLIENT_SECRET, or neither.`);
		return id && secret ? { clientId: id, clientSecret: secret } : undefined;
	};
	const github = pair(b.GITHUB_CLIENT_ID, b.GITHUB_CLIENT_SECRET, 'GITHUB');
	const google = pair(b.GOOGLE_CLIENT_ID, b.GOOGLE_CLIENT_SECRET, 'GOOGLE');
	const providers: OAuthProviderConfig[] = [];
	if (github) providers.push({ id: 'github', ...github, endpoints: githubEndpoints(b.OAUTH_GITHUB_BASE_URL), scopes: ['read:user', 'user:email'] });
	if (google) providers.push({ id: 'google', ...google, endpoints: googleEndpoints(b.OAUTH_GOOGLE_BASE_URL), scopes: ['openid', 'email', 'profile'] });
	cache.set(env, providers);
	return providers;
}

export function findOAuthProvider(env: EdgeEnv, id: OAuthProvider): OAuthProviderConfig | undefined {
	return readOAuthConfig(env).find((provider) => provider.id === id);
}
