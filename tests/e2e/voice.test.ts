// Voice input in Chromium with its fake microphone: record, stop, and the transcript from the
// fake OpenAI audio API, or from Whisper in the browser (a tiny real model), lands in the
// composer, or runs as a command ("send").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TRANSCRIPT_CONTROL_PATH, type RecordedTranscription } from '../fixtures/fakeOpenAI.ts';
import { startTinyModelServer } from '../fixtures/tinyModels.ts';
import { TINY_WHISPER_MODEL, tinyWhisperModelFiles, WHISPER_PHRASES } from '../fixtures/tinyModelsWhisper.ts';
import { assistantMessages, launchChromium, OPENAI_TEST_KEY, pickModel, startStack, userMessages, waitIdle, type Stack } from './support/stack.ts';

const FAKE_MIC = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let stack: Stack;
before(async () => {
	stack = await startStack({ chromiumArgs: FAKE_MIC });
});
after(async () => {
	await stack?.close();
});

/** A new profile with the fake OpenAI server added as the user's own source, on the home page. */
async function pageWithSource(): Promise<Page> {
	const page = await (await stack.newContext()).newPage();
	await page.goto('/settings');
	const form = page.getByRole('form', { name: 'Add a model source' });
	await form.getByLabel('Name').fill('My server');
	await form.getByLabel('Base URL').fill(stack.openai.url);
	await form.getByLabel('API key').fill(OPENAI_TEST_KEY);
	await form.getByRole('button', { name: 'Add source' }).click();
	await page.getByRole('status').filter({ hasText: /Connected: \d+ models? found/ }).waitFor();
	await page.goto('/');
	await pickModel(page, 'gpt-4o-mini');
	return page;
}

async function nextTranscript(text: string): Promise<void> {
	const response = await fetch(`${new URL(stack.openai.url).origin}${TRANSCRIPT_CONTROL_PATH}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ text })
	});
	assert.equal(response.status, 200);
}

/** Records about a second and a half of the fake microphone's tone, then stops. */
async function recordAndStop(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Record voice' }).click();
	const stop = page.getByRole('button', { name: 'Stop recording' });
	await stop.waitFor();
	await page.getByLabel('Recording time').filter({ hasText: '0:01' }).waitFor();
	await stop.click();
	await page.getByRole('button', { name: 'Record voice' }).waitFor();
}

function transcriptions() {
	return stack.openai.requests.filter((r) => r.path === '/v1/audio/transcriptions');
}

/** Points the app at `host` for on-device models, as Settings → On-device models stores it. */
async function useModelHost(page: Page, host: string): Promise<void> {
	// The app has opened (and upgraded) its database by now on the settings page.
	await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'atrium' && (d.version ?? 0) > 1));
	await page.evaluate(async (url) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('atrium');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		await new Promise((resolve, reject) => {
			const put = db.transaction('settings', 'readwrite').objectStore('settings').put({ key: 'models.transformers', value: { host: url } });
			put.onsuccess = resolve;
			put.onerror = () => reject(put.error);
		});
		db.close();
	}, host);
}

/** Settings → Voice input: Whisper in this browser with `model` (on the settings page). */
async function saveWhisperModel(page: Page, model: string): Promise<void> {
	const voice = page.getByRole('region', { name: 'Voice input' });
	await voice.getByRole('radio', { name: /Whisper in this browser/ }).check();
	await voice.getByLabel('Whisper model id').fill(model);
	await voice.getByRole('button', { name: 'Save voice input' }).click();
	await voice.getByRole('status').filter({ hasText: `uses ${model} in this browser` }).waitFor();
}

describe('voice input', () => {
	it('appends the transcript to what was typed, sending nothing', async () => {
		const page = await pageWithSource();
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.fill('Typed first:');
		await nextTranscript('Dictated words.');
		const before = transcriptions().length;
		await recordAndStop(page);
		await page.waitForFunction(() => document.querySelector('textarea')?.value === 'Typed first: Dictated words.');
		const sent = transcriptions().slice(before);
		assert.equal(sent.length, 1);
		const body = sent[0]?.body as RecordedTranscription;
		assert.equal(body.model, 'whisper-1');
		assert.match(body.file?.type ?? '', /^audio\//);
		assert.match(body.file?.name ?? '', /^voice\.\w+$/);
		assert.ok((body.file?.size ?? 0) > 1000, `an audio file of some length, got ${body.file?.size}`);
		assert.equal(sent[0]?.headers['authorization'], `Bearer ${OPENAI_TEST_KEY}`);
		assert.equal(await userMessages(page).count(), 0);
		await page.context().close();
	});

	it('sends the composer text when the transcript is "Send."', async () => {
		const page = await pageWithSource();
		await page.getByRole('textbox', { name: 'Message' }).fill('Hello by voice');
		await nextTranscript('Send.');
		await recordAndStop(page);
		await assistantMessages(page).filter({ hasText: 'Echo: Hello by voice' }).waitFor();
		await waitIdle(page);
		assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), '');
		assert.equal(await userMessages(page).filter({ hasText: 'Send' }).count(), 0);
		await page.context().close();
	});

	it('stops the streaming reply when the transcript is "Stop!"', async () => {
		const page = await pageWithSource();
		await page.getByRole('textbox', { name: 'Message' }).fill('Wait for me [[hang]]');
		await page.getByRole('textbox', { name: 'Message' }).press('Enter');
		await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();
		await nextTranscript('Stop!');
		await recordAndStop(page);
		await waitIdle(page);
		// [[hang]] never ends by itself: only the spoken "Stop!" can have stopped it.
		await assistantMessages(page).first().getByText('Stopped.').waitFor();
		await page.context().close();
	});

	it('opens a new chat when the transcript is "New chat."', async () => {
		const page = await pageWithSource();
		await page.getByRole('textbox', { name: 'Message' }).fill('First conversation');
		await page.getByRole('textbox', { name: 'Message' }).press('Enter');
		await assistantMessages(page).filter({ hasText: 'Echo: First conversation' }).waitFor();
		await waitIdle(page);
		await page.waitForURL(/\/c\//);
		await nextTranscript('New chat.');
		await recordAndStop(page);
		await page.waitForURL((url) => url.pathname === '/');
		await page.getByRole('heading', { name: 'New chat' }).waitFor();
		assert.equal(await userMessages(page).count(), 0);
		await page.context().close();
	});

	it('transcribes with Whisper in the browser when chosen, from the model host then from its cache, and says clearly when no model is available', async () => {
		// The model host serves a tiny Whisper made by the tests (tinyModelsWhisper.ts), in pieces so
		// the download takes a moment; the worker runs it with onnxruntime's WebAssembly.
		const models = await startTinyModelServer({ models: { [TINY_WHISPER_MODEL]: tinyWhisperModelFiles() }, pieces: 10, pieceDelayMs: 150 });
		let hostOpen = true;
		try {
			const page = await (await stack.newContext()).newPage();
			await page.goto('/settings');
			const voice = page.getByRole('region', { name: 'Voice input' });
			await voice.waitFor();
			await useModelHost(page, models.url);
			await voice.getByRole('radio', { name: /Whisper in this browser/ }).check();
			await voice.getByLabel('Whisper model id').fill('not a model id');
			await voice.getByRole('button', { name: 'Save voice input' }).click();
			await voice.getByRole('alert').filter({ hasText: 'A model id looks like owner/name' }).waitFor();
			await saveWhisperModel(page, 'atrium-tests/no-whisper');

			// A model the host does not have: the failure a user meets with a wrong model id or host.
			await page.goto('/');
			const before = transcriptions().length;
			await recordAndStop(page);
			const alert = page.getByRole('alert').filter({ hasText: 'Whisper in the browser is not available. No model atrium-tests/no-whisper at http://127.0.0.1' });
			await alert.waitFor({ timeout: 60_000 });
			assert.ok(models.requests.some((path) => path.startsWith('/atrium-tests/no-whisper/resolve/main/')), `asked the model host: ${models.requests.join(', ')}`);

			// The tiny Whisper: its download shows progress, then the model's transcript of the
			// fake microphone's beeps (a tone below 1 kHz) is appended to what was typed.
			await page.goto('/settings');
			await saveWhisperModel(page, TINY_WHISPER_MODEL);
			await page.goto('/');
			const box = page.getByRole('textbox', { name: 'Message' });
			await box.fill('Typed first:');
			await recordAndStop(page);
			const loading = page.getByRole('status').filter({ hasText: new RegExp(`^Loading Whisper \\(${TINY_WHISPER_MODEL}\\)… \\d+\\.\\d of (0\\.[5-9]|[1-9]\\d*\\.\\d) MB$`) });
			await loading.waitFor();
			await page.waitForFunction((text) => document.querySelector('textarea')?.value === text, `Typed first: ${WHISPER_PHRASES.low.trim()}`, { timeout: 60_000 });
			for (const file of ['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx', 'tokenizer.json']) {
				assert.ok(models.requests.includes(`/${TINY_WHISPER_MODEL}/resolve/main/${file}`), `downloaded ${file}`);
			}
			assert.equal(await page.getByRole('alert').count(), 0);

			// Second use, in a fresh page and worker with the model host gone: from Cache Storage.
			await models.close();
			hostOpen = false;
			await page.reload();
			await box.fill('Again:');
			await recordAndStop(page);
			await page.waitForFunction((text) => document.querySelector('textarea')?.value === text, `Again: ${WHISPER_PHRASES.low.trim()}`, { timeout: 60_000 });
			assert.equal(await page.getByRole('alert').count(), 0);
			assert.equal(transcriptions().length, before, 'no audio went to a server');
			assert.equal(await userMessages(page).count(), 0);
			await page.context().close();
		} finally {
			if (hostOpen) await models.close();
		}
	});

	it('says when the Whisper worker cannot start, and starts a new one on the next try', async () => {
		const models = await startTinyModelServer({ models: { [TINY_WHISPER_MODEL]: tinyWhisperModelFiles() } });
		// No service worker, so the worker's script comes from the network, where the test stops it.
		const context = await stack.browser.newContext({ baseURL: stack.url, serviceWorkers: 'block' });
		context.setDefaultTimeout(15_000);
		try {
			const page = await context.newPage();
			await page.goto('/settings');
			await page.getByRole('region', { name: 'Voice input' }).waitFor();
			await useModelHost(page, models.url);
			await saveWhisperModel(page, TINY_WHISPER_MODEL);
			await page.goto('/');
			await context.route('**/whisper.worker*', (route) => route.abort());
			await recordAndStop(page);
			await page.getByRole('alert').filter({ hasText: 'Whisper in the browser is not available. The Whisper worker could not start or stopped; try again.' }).waitFor();
			assert.equal(models.requests.length, 0, 'no model was asked for');

			await context.unroute('**/whisper.worker*');
			await recordAndStop(page);
			await page.waitForFunction((text) => document.querySelector('textarea')?.value === text, WHISPER_PHRASES.low.trim(), { timeout: 60_000 });
		} finally {
			await context.close();
			await models.close();
		}
	});

	it('says what to do when no source can transcribe', async () => {
		// The stack's server-held keys give chat models, but speech goes to the user's own source.
		const page = await (await stack.newContext()).newPage();
		await page.goto('/');
		await page.getByRole('button', { name: 'Record voice' }).click();
		await page.getByRole('alert').filter({ hasText: /Voice input needs an OpenAI-compatible or Gemini source/ }).waitFor();
		assert.equal(await page.getByRole('button', { name: 'Stop recording' }).count(), 0);
		await page.context().close();
	});

	it('explains a denied microphone', async () => {
		const browser = await launchChromium(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
		try {
			const context = await browser.newContext({ baseURL: stack.url });
			context.setDefaultTimeout(15_000);
			const page = await context.newPage();
			await page.goto('/settings');
			const form = page.getByRole('form', { name: 'Add a model source' });
			await form.getByLabel('Base URL').fill(stack.openai.url);
			await form.getByLabel('API key').fill(OPENAI_TEST_KEY);
			await form.getByRole('button', { name: 'Add source' }).click();
			await page.getByRole('status').filter({ hasText: /Connected/ }).waitFor();
			await page.goto('/');
			await page.getByRole('button', { name: 'Record voice' }).click();
			await page.getByRole('alert').filter({ hasText: /Microphone access was denied/ }).waitFor();
			assert.equal(await page.getByRole('button', { name: 'Stop recording' }).count(), 0);
		} finally {
			await browser.close();
		}
	});
});
