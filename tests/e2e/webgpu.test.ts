// Local models over WebGPU in headless Chromium: with --enable-unsafe-webgpu a software
// adapter exists, so WebLLM's models are offered; their weights cannot be downloaded on
// this network, and the user is told so plainly and keeps everything they wrote.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assistantMessages, pickModel, sendMessage, startStack, userMessages, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack({ withoutServerKeys: true, chromiumArgs: ['--enable-unsafe-webgpu'] });
});
after(async () => {
	await stack?.close();
});

describe('local models (WebLLM)', () => {
	it('offers WebGPU models and explains a failed model download', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await pickModel(page, 'SmolLM2 360M');
		await sendMessage(page, 'Hello, local model');
		const alert = assistantMessages(page).first().getByRole('alert');
		await alert.waitFor({ timeout: 60_000 });
		assert.match(await alert.innerText(), /Could not download the model|Could not load the model|cannot run/);
		await userMessages(page).filter({ hasText: 'Hello, local model' }).waitFor();
		await context.close();
	});
});
