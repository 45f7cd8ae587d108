import { describe, expect, it } from 'vitest';
import { fitWithin, MAX_SIDE, THUMBNAIL_SIDE } from './compress.ts';

describe('fitWithin', () => {
	it('scales the long side down to the limit, keeping the aspect ratio', () => {
		expect(fitWithin(4000, 3000, MAX_SIDE)).toEqual({ width: 2048, height: 1536 });
		expect(fitWithin(3000, 4000, THUMBNAIL_SIDE)).toEqual({ width: 192, height: 256 });
	});

	it('never scales up, and keeps at least one pixel', () => {
		expect(fitWithin(800, 600, MAX_SIDE)).toEqual({ width: 800, height: 600 });
		expect(fitWithin(10_000, 2, THUMBNAIL_SIDE)).toEqual({ width: 256, height: 1 });
	});
});
