// Attachments in Chromium against the stack as `npm start` runs it: images compressed in a
// worker and sent as image parts (asserted on the fake OpenAI server's request body), PDFs
// read page by page (OCR for a scanned page) and cited by page, and bad files explained.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CORRUPT_PDF, passwordPdf, photo, renderTextPng, scannedPdf, textPdf } from '../fixtures/documents.ts';
import { assistantMessages, openChat, sendMessage, startStack, userMessages, waitIdle, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

interface WireBody {
	max_tokens?: number;
	messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] }[];
}

/** The reply request (not the title request) whose last user turn contains `marker`. */
function upstreamBody(marker: string): WireBody | undefined {
	return stack.openai.requests
		.filter((r) => r.path === '/v1/chat/completions')
		.map((r) => r.body as WireBody)
		.find((body) => body.max_tokens === undefined && JSON.stringify(body.messages.at(-1)).includes(marker));
}

async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
	await page.locator('[data-testid="attach-input"]').setInputFiles(files);
}

const chip = (page: Page, name: string) => page.getByRole('list', { name: 'Attachments' }).locator('li', { hasText: name });

describe('attachments', () => {
	it('compresses two photos to WebP, sends both as image parts, shows thumbnails and opens the full image', async () => {
		const page = await openChat(stack, 'gpt-4o');
		const jpeg = await photo(page, 1600, 1200, 'image/jpeg', 1);
		const png = await photo(page, 900, 700, 'image/png', 2);
		await attach(page, [
			{ name: 'beach.jpg', mimeType: 'image/jpeg', buffer: jpeg },
			{ name: 'forest.png', mimeType: 'image/png', buffer: png }
		]);
		// Decoding and encoding a photo in a worker: generous on a loaded 2-core CI machine.
		await chip(page, 'beach.jpg').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
		await chip(page, 'forest.png').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
		assert.equal(await chip(page, 'beach.jpg').locator('img').count(), 1, 'a thumbnail in the chip');

		await sendMessage(page, 'Compare photo-pair-7 please');
		await assistantMessages(page).filter({ hasText: 'Echo: Compare photo-pair-7' }).waitFor({ timeout: 60_000 });
		await waitIdle(page);

		const body = upstreamBody('photo-pair-7');
		const last = body?.messages.at(-1)?.content;
		assert.ok(Array.isArray(last), 'the user turn is sent as content parts');
		assert.deepEqual(last.map((part) => part.type), ['text', 'image_url', 'image_url']);
		for (const part of last.slice(1)) assert.match(part.image_url?.url ?? '', /^data:image\/webp;base64,UklGR/);
		const jpegSent = Buffer.from((last[1]?.image_url?.url ?? '').split(',')[1] ?? '', 'base64');
		assert.ok(jpegSent.length < jpeg.length, `WebP ${jpegSent.length} B should be smaller than the JPEG ${jpeg.length} B`);

		// The message shows thumbnails; the full image loads only in the dialog.
		const user = userMessages(page).first();
		await user.getByRole('button', { name: 'Open image beach.jpg' }).locator('img').waitFor({ timeout: 30_000 });
		await user.getByRole('button', { name: 'Open image beach.jpg' }).click();
		const full = page.getByTestId('full-image');
		await full.waitFor();
		const size = await full.evaluate(async (img: HTMLImageElement) => {
			await img.decode();
			return { width: img.naturalWidth, height: img.naturalHeight };
		});
		assert.deepEqual(size, { width: 1600, height: 1200 });
		const thumbWidth = await user.getByRole('button', { name: 'Open image beach.jpg' }).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth);
		assert.equal(thumbWidth, 256);
		await page.keyboard.press('Escape');
		await page.context().close();
	});

	it('encodes WebP with the WASM encoder where the canvas cannot (the fallback path), in the built image worker', async () => {
		const page = await openChat(stack, 'gpt-4o');
		const worker = readdirSync('.svelte-kit/output/client/_app/immutable/workers').find((name) => name.startsWith('image.worker-'));
		assert.ok(worker, 'the build has an image worker');
		const jpeg = (await photo(page, 1200, 900, 'image/jpeg', 3)).toString('base64');
		const result = await page.evaluate(
			async ({ url, jpeg }) => {
				const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
				const w = new Worker(url, { type: 'module' });
				// Comlink's wire format: one APPLY call, one RAW answer.
				const answer = await new Promise<{ type: string; value: { blob: Blob; thumbnail: Blob; encoder: string; width: number } }>((resolve) => {
					w.addEventListener('message', (event) => resolve(event.data));
					w.postMessage({
						id: 'wasm-1',
						type: 'APPLY',
						path: ['compressImage'],
						argumentList: [
							{ type: 'RAW', value: new Blob([bytes], { type: 'image/jpeg' }) },
							{ type: 'RAW', value: { forceWasm: true } }
						]
					});
				});
				w.terminate();
				const head = new Uint8Array(await answer.value.blob.slice(0, 12).arrayBuffer());
				const bitmap = await createImageBitmap(answer.value.blob);
				const thumb = await createImageBitmap(answer.value.thumbnail);
				return {
					type: answer.type,
					encoder: answer.value.encoder,
					riff: String.fromCharCode(...head.slice(0, 4)) + String.fromCharCode(...head.slice(8, 12)),
					size: [bitmap.width, bitmap.height],
					thumb: [thumb.width, thumb.height],
					bytes: answer.value.blob.size
				};
			},
			{ url: `/_app/immutable/workers/${worker}`, jpeg }
		);
		assert.deepEqual({ ...result, bytes: undefined }, { type: 'RAW', encoder: 'wasm', riff: 'RIFFWEBP', size: [1200, 900], thumb: [256, 192], bytes: undefined });
		assert.ok(result.bytes < Buffer.from(jpeg, 'base64').length);
		await page.context().close();
	});

	it('reads a 3-page PDF and cites the page that answers', async () => {
		const page = await openChat(stack, 'gpt-4o');
		const filler = (topic: string) => `This page of the harbour report covers ${topic}. `.repeat(6);
		const pdf = await textPdf([
			`${filler('the history of the port')} Ships have docked here since 1820.`,
			`${filler('the lighthouse')} The lighthouse lamp is 31 metres above the sea and flashes every nine seconds.`,
			`${filler('the fish market')} The market opens at five in the morning.`
		]);
		await attach(page, [{ name: 'harbour.pdf', mimeType: 'application/pdf', buffer: pdf }]);
		await chip(page, 'harbour.pdf').filter({ hasText: '3 pages' }).waitFor();
		await sendMessage(page, 'How often does the lighthouse lamp flash?');
		const reply = assistantMessages(page).first();
		await reply.getByRole('complementary', { name: 'Sources' }).waitFor();
		await waitIdle(page);
		const sources = await reply.getByRole('complementary', { name: 'Sources' }).locator('li').allInnerTexts();
		assert.equal(sources[0], '[1] harbour.pdf, p. 2');
		// The model was given the passage from page 2, labelled with its page.
		const sent = JSON.stringify(upstreamBody('How often does the lighthouse lamp flash?')?.messages.at(-1));
		assert.match(sent, /harbour\.pdf, p\. 2\)\\nThis page of the harbour report covers the lighthouse/);
		assert.match(sent, /flashes every nine seconds/);
		// The document stays attached to the conversation: a later question is answered from it too.
		await sendMessage(page, 'When does the fish market open?');
		await assistantMessages(page).nth(1).getByRole('complementary', { name: 'Sources' }).filter({ hasText: 'harbour.pdf, p. 3' }).waitFor();
		await page.context().close();
	});

	it('reads a scanned page with OCR, offline files only', async () => {
		const page = await openChat(stack, 'gpt-4o');
		const cdn: string[] = [];
		page.on('request', (request) => {
			if (!request.url().startsWith(stack.url)) cdn.push(request.url());
		});
		const png = await renderTextPng(page, ['QUARTERLY INVENTORY', 'Copper wire stock: 4200 metres', 'Checked by Margaret Olsen']);
		await attach(page, [{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: await scannedPdf(png) }]);
		await chip(page, 'scan.pdf').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
		assert.match(await chip(page, 'scan.pdf').innerText(), /OCR/);
		await sendMessage(page, 'How much copper wire stock is there?');
		await assistantMessages(page).first().getByRole('complementary', { name: 'Sources' }).filter({ hasText: 'scan.pdf, p. 1' }).waitFor();
		await waitIdle(page);
		const sent = JSON.stringify(upstreamBody('How much copper wire stock')?.messages.at(-1));
		assert.match(sent, /Copper wire stock: 4200 metres/i);
		assert.deepEqual(cdn.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:')), []);
		await page.context().close();
	});

	it('takes a pasted screenshot and a dropped code file, and sends the code inline', async () => {
		const page = await openChat(stack, 'gpt-4o');
		await page.evaluate(async () => {
			const canvas = new OffscreenCanvas(320, 200);
			const ctx = canvas.getContext('2d');
			if (!ctx) throw new Error('no canvas');
			ctx.fillStyle = '#2a6';
			ctx.fillRect(0, 0, 320, 200);
			const screenshot = await canvas.convertToBlob({ type: 'image/png' });
			const pasted = new DataTransfer();
			pasted.items.add(new File([screenshot], 'image.png', { type: 'image/png' }));
			const box = document.querySelector('textarea[aria-label="Message"]');
			box?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
			const dropped = new DataTransfer();
			dropped.items.add(new File(['def answer():\n    return 42\n'], 'answer.py', { type: 'text/x-python' }));
			document.querySelector('form.composer')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
		});
		await chip(page, 'image.png').and(page.locator('[data-state="ready"]')).waitFor();
		await chip(page, 'answer.py').and(page.locator('[data-state="ready"]')).waitFor();
		await sendMessage(page, 'What does paste-drop-5 return?');
		await assistantMessages(page).filter({ hasText: 'Echo: What does paste-drop-5' }).waitFor();
		await waitIdle(page);
		const last = upstreamBody('paste-drop-5')?.messages.at(-1)?.content;
		assert.ok(Array.isArray(last));
		assert.equal(last[0]?.text, 'What does paste-drop-5 return?\n\nFile “answer.py”:\n```\ndef answer():\n    return 42\n```');
		assert.match(last[1]?.image_url?.url ?? '', /^data:image\/(png|webp);base64,/);
		assert.equal(await userMessages(page).first().getByText('answer.py').count(), 1);
		await page.context().close();
	});

	it('explains a corrupt PDF, a password-protected PDF and an undecodable image, attaches none, and sends the text alone', async () => {
		const page = await openChat(stack, 'gpt-4o');
		await attach(page, [
			{ name: 'broken.pdf', mimeType: 'application/pdf', buffer: CORRUPT_PDF },
			{ name: 'locked.pdf', mimeType: 'application/pdf', buffer: await passwordPdf() },
			{ name: 'photo.heic', mimeType: 'image/heic', buffer: Buffer.from('ftypheic not really an image') },
			{ name: 'movie.mp4', mimeType: 'video/mp4', buffer: Buffer.from('mp4') }
		]);
		await chip(page, 'broken.pdf').getByRole('alert').filter({ hasText: 'not a readable PDF' }).waitFor();
		await chip(page, 'locked.pdf').getByRole('alert').filter({ hasText: 'protected by a password' }).waitFor();
		await chip(page, 'photo.heic').getByRole('alert').filter({ hasText: 'an image this browser cannot open' }).waitFor();
		await chip(page, 'movie.mp4').getByRole('alert').filter({ hasText: 'cannot be attached' }).waitFor();
		await page.getByRole('button', { name: 'Remove movie.mp4' }).click();
		assert.equal(await chip(page, 'movie.mp4').count(), 0);
		await sendMessage(page, 'Just text bad-files-3');
		await assistantMessages(page).filter({ hasText: 'Echo: Just text bad-files-3' }).waitFor();
		await waitIdle(page);
		assert.equal(typeof upstreamBody('bad-files-3')?.messages.at(-1)?.content, 'string');
		assert.equal(await userMessages(page).first().locator('.attachments').count(), 0);
		const stored = await page.evaluate(
			() =>
				new Promise<number>((resolve, reject) => {
					const open = indexedDB.open('atrium');
					open.onsuccess = () => {
						const request = open.result.transaction('attachments').objectStore('attachments').count();
						request.onsuccess = () => resolve(request.result);
						request.onerror = () => reject(request.error);
					};
					open.onerror = () => reject(open.error);
				})
		);
		assert.equal(stored, 0);
		await page.context().close();
	});
});
