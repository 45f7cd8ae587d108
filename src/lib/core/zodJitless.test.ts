import { describe, expect, it } from 'vitest';
import { turnZodJitOff } from './zodJitless.ts';

describe('turnZodJitOff', () => {
	it('is what zod reads as its configuration, set before zod loads', async () => {
		turnZodJitOff();
		const { z } = await import('zod');
		expect(z.config().jitless).toBe(true);
		// And zod's own probe for eval now answers no without trying it.
		const { util } = await import('zod/v4/core');
		expect(util.allowsEval.value).toBe(false);
	});
});
