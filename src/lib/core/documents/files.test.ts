import { describe, expect, it } from 'vitest';
import { classifyFile, formatBytes, MAX_BYTES, refuseFile } from './files.ts';

describe('classifyFile', () => {
	it('sorts files into images, PDFs and text by type, then by extension', () => {
		expect(classifyFile({ name: 'a.jpg', type: 'image/jpeg' })).toBe('image');
		expect(classifyFile({ name: 'scan.heic', type: 'image/heic' })).toBe('image');
		expect(classifyFile({ name: 'r.pdf', type: '' })).toBe('pdf');
		expect(classifyFile({ name: 'x', type: 'application/pdf' })).toBe('pdf');
		expect(classifyFile({ name: 'main.rs', type: '' })).toBe('text');
		expect(classifyFile({ name: 'Dockerfile', type: '' })).toBe('text');
		expect(classifyFile({ name: 'data.json', type: 'application/json' })).toBe('text');
		expect(classifyFile({ name: 'logo.svg', type: 'image/svg+xml' })).toBe('text');
		expect(classifyFile({ name: 'movie.mp4', type: 'video/mp4' })).toBeNull();
		expect(classifyFile({ name: 'app.exe', type: 'application/octet-stream' })).toBeNull();
	});
});

describe('refuseFile', () => {
	it('refuses a 2 GB file before reading it, stating the limit', () => {
		expect(refuseFile({ name: 'huge.pdf', type: 'application/pdf', size: 2 * 1024 ** 3 })).toBe(
			'“huge.pdf” is 2.0 GB. PDFs can be at most 200 MB.'
		);
	});

	it('refuses unknown types and empty files; accepts files at the limit', () => {
		expect(refuseFile({ name: 'a.zip', type: 'application/zip', size: 10 })).toMatch(/cannot be attached: Atrium reads images, PDFs/);
		expect(refuseFile({ name: 'a.txt', type: 'text/plain', size: 0 })).toBe('“a.txt” is empty.');
		expect(refuseFile({ name: 'b.png', type: 'image/png', size: MAX_BYTES.image })).toBeNull();
		expect(refuseFile({ name: 'b.png', type: 'image/png', size: MAX_BYTES.image + 1 })).toMatch(/Images can be at most 40 MB/);
	});

	it('formats sizes for people', () => {
		expect([formatBytes(512), formatBytes(1536), formatBytes(15 * 1024 ** 2)]).toEqual(['512 B', '1.5 KB', '15 MB']);
	});
});
