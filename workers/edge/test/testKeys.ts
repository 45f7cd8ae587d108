// The fake upstreams' keys: the globalSetup starts the fakes with them, vitest.config.ts
// hands them to the Worker, and tests prove they never leak into a response.
export const TEST_OPENAI_KEY = 'sk-edge-test-openai-4f1d9c2b7e8a';
export const TEST_GEMINI_KEY = 'AIza-edge-test-gemini-5c3b8a1f0e9d';
