import { describe, expect, it } from 'vitest';
import { HEAVY_FILE_BYTES, heavyFiles, type BuiltFile } from './precachePolicy.ts';

const big = HEAVY_FILE_BYTES + 1;

describe('heavyFiles', () => {
	const files: BuiltFile[] = [
		{ fileName: '_app/immutable/entry/start.js', bytes: 100, isEntry: true, imports: ['_app/immutable/chunks/dexie.js'] },
		{ fileName: '_app/immutable/nodes/0.js', bytes: 100, isEntry: true, imports: ['_app/immutable/assets/0.css'] },
		// Reached statically from an entry: shell, however big.
		{ fileName: '_app/immutable/chunks/dexie.js', bytes: big, imports: [] },
		{ fileName: '_app/immutable/assets/0.css', bytes: big },
		// Loaded on use: heavy when big, shell when small.
		{ fileName: '_app/immutable/chunks/webllm.js', bytes: big * 40, imports: [] },
		{ fileName: '_app/immutable/chunks/treeView.js', bytes: 9_000, imports: [] },
		{ fileName: '_app/immutable/workers/pdf.worker-Ab1_c.js', bytes: big },
		{ fileName: '_app/immutable/workers/markdown.worker-Dk9-x.js', bytes: big },
		{ fileName: '_app/immutable/workers/search.worker-BL1.js', bytes: big },
		{ fileName: '_app/ocr/eng.traineddata.gz', bytes: big * 20 },
		// Fonts: woff2 is what browsers fetch; the older formats never are.
		{ fileName: '_app/immutable/assets/KaTeX_Main-Regular.B22.woff2', bytes: 26_000 },
		{ fileName: '_app/immutable/assets/KaTeX_Main-Regular.Dr9.woff', bytes: 30_000 },
		{ fileName: '_app/immutable/assets/KaTeX_Main-Regular.ypZ.ttf', bytes: 53_000 }
	];

	it('leaves out big lazy modules, worker bundles and data, and old font formats; keeps the shell', () => {
		expect(heavyFiles(files)).toEqual([
			'/_app/immutable/assets/KaTeX_Main-Regular.Dr9.woff',
			'/_app/immutable/assets/KaTeX_Main-Regular.ypZ.ttf',
			'/_app/immutable/chunks/webllm.js',
			'/_app/immutable/workers/pdf.worker-Ab1_c.js',
			'/_app/ocr/eng.traineddata.gz'
		]);
	});

	it('follows static imports through any depth', () => {
		const chain: BuiltFile[] = [
			{ fileName: 'a.js', bytes: 1, isEntry: true, imports: ['b.js'] },
			{ fileName: 'b.js', bytes: big, imports: ['c.js'] },
			{ fileName: 'c.js', bytes: big, imports: ['b.js'] },
			{ fileName: 'd.js', bytes: big, imports: ['c.js'] }
		];
		expect(heavyFiles(chain)).toEqual(['/d.js']);
	});
});
