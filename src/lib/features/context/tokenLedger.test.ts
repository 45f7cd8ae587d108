import { expose, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateTokens, tokenUpperBound } from '../../core/tokens.ts';
import { createTokenCountService, type TokenCountService } from '../../workers/tokens/counting.ts';
import { RETRY_AFTER_MS, TokenLedger } from './tokenLedger.ts';

const ports: MessagePort[] = [];
afterEach(() => {
	for (const port of ports.splice(0)) port.close();
});

/** The real counting service behind a MessageChannel, as the token worker serves it; `calls` records each batch. */
function workerService() {
	const { port1, port2 } = new MessageChannel();
	expose(createTokenCountService(), port1);
	ports.push(port1, port2);
	const remote = wrap<TokenCountService>(port2);
	const calls: string[][] = [];
	const service: TokenCountService = {
		count: (encoding, texts) => (calls.push(texts), remote.count(encoding, texts))
	};
	return { service, calls };
}

const hello = { key: 'm|a|1|11', text: 'hello world' };
const bye = { key: 'm|b|1|3', text: 'bye' };

describe('TokenLedger', () => {
	it('stands in for unknown counts with an estimate to show or a bound to send, then knows them exactly', async () => {
		const { service } = workerService();
		const ledger = new TokenLedger(() => service);
		expect(ledger.isReady('o200k_base')).toBe(false);
		expect(ledger.peek('o200k_base', hello, 'estimate')).toEqual({ tokens: estimateTokens('hello world'), exact: false });
		expect(ledger.peek('o200k_base', hello, 'bound')).toEqual({ tokens: tokenUpperBound('hello world'), exact: false });
		await ledger.ensure('o200k_base', [hello]);
		expect(ledger.isReady('o200k_base')).toBe(true);
		expect(ledger.peek('o200k_base', hello, 'bound')).toEqual({ tokens: 2, exact: true });
		// Counts belong to their encoding.
		expect(ledger.peek('cl100k_base', hello, 'bound').exact).toBe(false);
	});

	it('shows CJK text at about a token a character until it is counted, as estimateTokens does', () => {
		const { service, calls } = workerService();
		const ledger = new TokenLedger(() => service);
		// Nine wide characters: a length / 3.5 guess showed 3.
		const japanese = { key: 'm|c|1|9', text: '東京で会いましょう' };
		expect(ledger.peek('o200k_base', japanese, 'estimate')).toEqual({ tokens: 9, exact: false });
		const mixed = { key: 'm|d|1|8', text: 'Hello 世界' };
		expect(ledger.peek('o200k_base', mixed, 'estimate')).toEqual({ tokens: Math.ceil(6 / 3.5) + 2, exact: false });
		expect(calls).toHaveLength(0);
	});

	it('counts each text once, however many plans ask at the same time', async () => {
		const { service, calls } = workerService();
		const ledger = new TokenLedger(() => service);
		await Promise.all([ledger.ensure('o200k_base', [hello, hello]), ledger.ensure('o200k_base', [hello, bye])]);
		expect(calls).toEqual([['hello world'], ['bye']]);
		await ledger.ensure('o200k_base', [hello, bye]);
		expect(calls).toHaveLength(2);
	});

	it('computes the estimate encoding itself when sending, without waiting for the worker', () => {
		const { service, calls } = workerService();
		const ledger = new TokenLedger(() => service);
		expect(ledger.isReady('estimate')).toBe(true);
		expect(ledger.peek('estimate', { key: 'k', text: '日本語' }, 'bound')).toEqual({ tokens: estimateTokens('日本語'), exact: true });
		expect(ledger.peek('estimate', { key: 'k', text: '日本語' }, 'estimate')).toEqual({ tokens: 3, exact: true });
		expect(calls).toHaveLength(0);
	});

	it('falls back to the estimate while counting fails, and tries again later', async () => {
		let now = 1_000;
		let failing = true;
		const { service } = workerService();
		const ledger = new TokenLedger(
			() => (failing ? { count: () => Promise.reject(new Error('no worker')) } : service),
			() => now
		);
		await ledger.ensure('o200k_base', [hello]);
		expect(ledger.effective('o200k_base')).toBe('estimate');
		expect(ledger.isReady('o200k_base')).toBe(false);
		failing = false;
		now += RETRY_AFTER_MS;
		expect(ledger.effective('o200k_base')).toBe('o200k_base');
		await ledger.ensure('o200k_base', [hello]);
		expect(ledger.peek('o200k_base', hello, 'bound')).toEqual({ tokens: 2, exact: true });
	});
});
