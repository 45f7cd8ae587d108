// Runs in Node before the workerd tests: starts the fake OpenAI and Gemini servers that
// the Worker reaches over real HTTP, and provides their URLs to vitest.config.ts.
import type { TestProject } from 'vitest/node';
import { startFakeGemini } from '../../../tests/fixtures/fakeGemini.ts';
import { startFakeOAuth } from '../../../tests/fixtures/fakeOAuth.ts';
import { startFakeOpenAI } from '../../../tests/fixtures/fakeOpenAI.ts';
import { startFakePushService } from '../../../tests/fixtures/fakePushService.ts';
import { TEST_GEMINI_KEY, TEST_OPENAI_KEY } from './testKeys.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const [openai, gemini, oauth, push] = await Promise.all([
		startFakeOpenAI({ apiKey: TEST_OPENAI_KEY }),
		startFakeGemini({ apiKey: TEST_GEMINI_KEY }),
		startFakeOAuth(),
		startFakePushService()
	]);
	project.provide('fakeOpenAIUrl', openai.url);
	project.provide('fakeGeminiUrl', gemini.url);
	project.provide('fakeOAuthUrl', oauth.url);
	project.provide('fakePushUrl', push.url);
	return async () => {
		await Promise.all([openai.close(), gemini.close(), oauth.close(), push.close()]);
	};
}
