// What the home page leaves for later (decision 0022, round 3): the send path, the thread and
// voice input are not fetched while a new chat opens and settles, and each is fetched once
// the user turns to it — the send path and the thread on the composer's focus, voice input
// on the mic's first press — and a message sent right after works as before.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { assistantMessages, pickModel, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
const LATER = {
	send: 'src/lib/features/chat/chatSessionSend.ts',
	thread: 'src/lib/features/chat/chatThread.ts',
	edgeStream: 'src/lib/providers/edgeStream.ts',
	voice: 'src/lib/features/voice/voiceButtonInput.ts'
} as const;

let stack: Stack;
let files: Record<keyof typeof LATER, string>;
before(async () => {
	const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, { file: string }>;
	files = Object.fromEntries(
		Object.entries(LATER).map(([name, source]) => {
			const entry = manifest[source];
			assert.ok(entry, `${source} is not a chunk of its own in the build`);
			return [name, `/${entry.file}`];
		})
	) as typeof files;
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

describe('startup loading', () => {
	it('fetches the send path, the thread and voice input only when the user turns to them', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		const fetched = new Set<string>();
		page.on('request', (request) => fetched.add(new URL(request.url()).pathname));
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1_000);
		for (const [name, file] of Object.entries(files)) assert.ok(!fetched.has(file), `${name} (${file}) loaded with the first screen`);

		const sendPath = page.waitForRequest((request) => request.url().endsWith(files.send));
		const thread = page.waitForRequest((request) => request.url().endsWith(files.thread));
		await page.getByRole('textbox', { name: 'Message' }).focus();
		await Promise.all([sendPath, thread]);
		assert.ok(!fetched.has(files.voice), 'voice input loaded before the mic was pressed');

		const voice = page.waitForRequest((request) => request.url().endsWith(files.voice));
		await page.getByRole('button', { name: 'Record voice' }).click();
		await voice;
		// No connection can transcribe here (server keys only): the loaded module says so.
		await page.getByRole('alert').filter({ hasText: 'Voice input needs' }).waitFor();

		await sendMessage(page, 'Hello after focus');
		await assistantMessages(page).filter({ hasText: 'Echo: Hello after focus' }).waitFor();
		await waitIdle(page);
		await context.close();
	});
});
