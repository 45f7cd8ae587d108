// What a Room relies on from the runtime, checked in the runtime the tests run (configured by
// the root wrangler.toml, like production). A reply is generated under ctx.waitUntil, and
// often nobody is connected while it streams (decision 0015).
import { describe, expect, it } from 'vitest';
import edgeConfig from '../../../../wrangler.toml?raw';
import appConfig from '../../../../wrangler.app.toml?raw';

const compatibilityDate = (toml: string) => /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];

describe('the runtime a room runs in', () => {
	it('does not evict a room with no socket open while its reply is still being generated', () => {
		// Set by the flag in wrangler.toml, or by default from compatibility date 2026-10-01.
		// Without it, Cloudflare may shut down an idle object with no client while a waitUntil
		// promise is pending (its changelog of 2026-10-01), cutting the reply off.
		expect(Cloudflare.compatibilityFlags['durable_object_io_tasks_prevent_eviction']).toBe(true);
		expect(Cloudflare.compatibilityFlags['durable_object_io_tasks_do_not_prevent_eviction']).not.toBe(true);
	});

	it('builds the app for the same compatibility date as the edge Worker', () => {
		const edgeDate = compatibilityDate(edgeConfig);
		expect(edgeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(compatibilityDate(appConfig)).toBe(edgeDate);
	});
});
