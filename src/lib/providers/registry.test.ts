import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../protocol/chat.ts';
import { findModel, modelKey, parseModelKey, type ModelGroup } from './registry.ts';

const info = (id: string, contextWindow?: number): ModelInfo => ({
	id,
	name: id,
	source: 'edge',
	capabilities: { streaming: true, vision: false, tools: false },
	...(contextWindow ? { contextWindow } : {})
});

const groups: ModelGroup[] = [
	{ connectionId: 'edge', label: 'Server models', models: [{ key: modelKey('edge', 'a'), connectionId: 'edge', model: info('a', 8_000) }] },
	{ connectionId: 'c1', label: 'Mine', models: [{ key: modelKey('c1', 'b'), connectionId: 'c1', model: info('b') }] }
];

describe('findModel', () => {
	it('finds a listed model by its key, in any group', () => {
		expect(findModel(groups, 'edge::a')?.contextWindow).toBe(8_000);
		expect(findModel(groups, 'c1::b')?.id).toBe('b');
	});

	it('finds nothing for an unlisted key or no key', () => {
		expect(findModel(groups, 'c1::a')).toBeUndefined();
		expect(findModel(groups, null)).toBeUndefined();
	});
});

describe('model keys', () => {
	it('round-trips a key with "::" in the model id', () => {
		expect(parseModelKey(modelKey('c1', 'org::model'))).toEqual({ connectionId: 'c1', modelId: 'org::model' });
		expect(parseModelKey('no-separator')).toBeNull();
	});
});
