import { describe, expect, it } from 'vitest';
import { toPdfDocument } from '$lib/core/export/pdfDocument.ts';
import type { MessageNode } from '$lib/core/conversationTree.ts';
import { A4 } from '$lib/core/export/pdfLayout.ts';
import { layoutForPdf, measureWith, renderPdf } from './pdfRender.ts';

describe('PDF export', () => {
	it('writes a multi-page PDF with a heading per speaker', async () => {
		const messages: MessageNode[] = Array.from({ length: 30 }, (_, i) => ({
			id: `m${i}`,
			conversationId: 'c',
			parentId: i ? `m${i - 1}` : null,
			role: i % 2 ? 'assistant' : 'user',
			model: i % 2 ? 'edge::openai/gpt-4o-mini' : undefined,
			content: `Paragraph ${i}: ` + 'lorem ipsum dolor sit amet '.repeat(30) + '\n```js\nconsole.log(1)\n```',
			status: 'complete',
			createdAt: Date.UTC(2024, 0, 1) + i * 1000,
			updatedAt: Date.UTC(2024, 0, 1) + i * 1000
		}));
		const spec = toPdfDocument(
			{ id: 'c', title: 'A long chat', titleSource: 'user', systemPrompt: '', model: null, currentLeafId: 'm29', createdAt: 0, updatedAt: 0 },
			messages
		);
		const blob = await renderPdf(spec);
		const text = new TextDecoder('latin1').decode(await blob.arrayBuffer());
		expect(text.startsWith('%PDF-')).toBe(true);
		expect(text.match(/\/Type \/Page\b/g)?.length ?? 0).toBeGreaterThan(3);
		expect(text).toContain('(A long chat) Tj');
		expect(text).toContain('(You) Tj');
		expect(text).toContain('(Assistant \\(openai/gpt-4o-mini\\)) Tj');
		expect(text).toContain('(console.log\\(1\\)) Tj');
		expect(text).toContain('/Courier');
	});

	it('wraps every line, prose and code, to the page width in its own font', async () => {
		const longCode = '    return x * 2  # a comment that goes on and on and on and on and on past the right margin of an A4 page';
		const spec = {
			title: 'Widths',
			sections: [{ heading: 'Assistant', body: `${'Lorem ipsum dolor sit amet. '.repeat(20)}\n\`\`\`\n${longCode}\n\`\`\`` }]
		};
		const { doc, pages } = await layoutForPdf(spec);
		const runs = pages.flat();
		expect(runs.filter((r) => r.font === 'mono').length).toBeGreaterThan(1);
		for (const run of runs) expect(measureWith(doc, run.text, run.font, run.size)).toBeLessThanOrEqual(A4.width - 2 * A4.margin + 0.01);
	});
});
