// The edge Worker's entry point: the Hono app as the fetch handler, plus the Durable
// Object classes wrangler.toml binds.
import { createApp } from './app.ts';
import type { EdgeEnv } from './env.ts';

export { RateLimiter } from './rateLimiterObject.ts';
export { Room } from './rooms/roomObject.ts';
export { Space } from './space/spaceObject.ts';

export default createApp() satisfies ExportedHandler<EdgeEnv>;
