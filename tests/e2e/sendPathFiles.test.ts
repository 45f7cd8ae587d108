// The send path loads the attachment code only when the data has files (decision 0041): the
// composer's focus and a plain message fetch none of it; a message with a file does, and so
// does a message sent after a reload in a conversation whose earlier message has a file
// (the file goes to the model again as before).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { assistantMessages, openChat, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
let stack: Stack;
let files: string;
let send: string;
before(async () => {
	const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, { file: string }>;
	const chunk = (source: string) => {
		const entry = manifest[source];
		assert.ok(entry, `${source} is not a chunk of its own in the build`);
		return `/${entry.file}`;
	};
	files = chunk('src/lib/features/attachments/session.ts');
	send = chunk('src/lib/features/chat/chatSessionSend.ts');
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

/** The messages of the reply request (not the title request) whose last turn contains `marker`. */
function requestFor(marker: string): string {
	const bodies = stack.openai.requests
		.filter((r) => r.path === '/v1/chat/completions')
		.map((r) => r.body as { max_tokens?: number; messages: { role: string; content: unknown }[] })
		.filter((body) => body.max_tokens === undefined && JSON.stringify(body.messages.at(-1)).includes(marker));
	return JSON.stringify(bodies.at(-1)?.messages ?? []);
}

describe('send path files', () => {
	it('loads the attachment code with the first file, not with the focus or a plain message', async () => {
		const page = await openChat(stack);
		const fetched = new Set<string>();
		page.on('request', (request) => fetched.add(new URL(request.url()).pathname));
		const sendPath = page.waitForRequest((request) => request.url().endsWith(send));
		await page.getByRole('textbox', { name: 'Message' }).focus();
		await sendPath;
		await sendMessage(page, 'Plain question plain-17');
		await assistantMessages(page).filter({ hasText: 'Echo: Plain question plain-17' }).waitFor();
		await waitIdle(page);
		assert.ok(!fetched.has(files), 'a message without files loaded the attachment code');

		await page.locator('[data-testid="attach-input"]').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('The secret word is heliotrope.') }]);
		await page.getByRole('list', { name: 'Attachments' }).locator('li', { hasText: 'notes.txt' }).and(page.locator('[data-state="ready"]')).waitFor();
		const loaded = page.waitForRequest((request) => request.url().endsWith(files));
		await sendMessage(page, 'Read the file file-23');
		await loaded;
		await assistantMessages(page).filter({ hasText: 'Echo: Read the file file-23' }).waitFor();
		await waitIdle(page);
		assert.match(requestFor('file-23'), /heliotrope/, 'the file went to the model with the message');

		// A fresh page: the conversation's earlier message has a file, so the next reply needs it again.
		await page.reload();
		const again = page.waitForRequest((request) => request.url().endsWith(files));
		await sendMessage(page, 'And now follow-up-31');
		await again;
		await assistantMessages(page).filter({ hasText: 'Echo: And now follow-up-31' }).waitFor();
		assert.match(requestFor('follow-up-31'), /heliotrope/, 'the earlier message\'s file went to the model again');
		await page.context().close();
	});
});
