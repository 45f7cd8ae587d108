// The Hono environment every route and middleware shares: the bindings, and the validated
// configuration read from them once per request by `withConfig`.
import type { MiddlewareHandler } from 'hono';
import { readEdgeConfig, type EdgeConfig } from './config.ts';
import type { EdgeEnv } from './env.ts';

export interface EdgeHono {
	Bindings: EdgeEnv;
	Variables: { config: EdgeConfig };
}

export function withConfig(): MiddlewareHandler<EdgeHono> {
	return async (c, next) => {
		c.set('config', readEdgeConfig(c.env));
		await next();
	};
}
