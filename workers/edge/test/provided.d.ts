// Values the Node-side globalSetup hands to the config and the tests through `provide`.
import 'vitest';

declare module 'vitest' {
	interface ProvidedContext {
		/** Base URL of the fake OpenAI server, including /v1. */
		fakeOpenAIUrl: string;
		/** Base URL of the fake Gemini server. */
		fakeGeminiUrl: string;
		/** Origin of the fake OAuth provider (GitHub under /github, Google under /google). */
		fakeOAuthUrl: string;
		/** Origin of the fake Web Push service (tests/fixtures/fakePushService.ts). */
		fakePushUrl: string;
	}
}
