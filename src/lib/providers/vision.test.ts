import { describe, expect, it } from 'vitest';
import { guessVision } from './vision.ts';

describe('guessVision', () => {
	it('knows the vision families by name, vendor prefixes included', () => {
		for (const id of ['gpt-4o-mini', 'gpt-4.1', 'gemini-2.5-flash', 'llava:13b', 'qwen2.5-vl-7b', 'openai/gpt-4o', 'gemma3:4b']) {
			expect(guessVision(id), id).toBe(true);
		}
	});

	it('does not claim vision for text-only models', () => {
		for (const id of ['gpt-3.5-turbo', 'llama3.1:8b', 'mistral-7b-instruct', 'Llama-3.2-1B-Instruct-q4f16_1-MLC', 'qwen2.5-coder']) {
			expect(guessVision(id), id).toBe(false);
		}
	});
});
