import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtriumDatabase } from '../../db/database.ts';
import { Connectivity } from './connectivity.svelte.ts';
import { INSTALL_DISMISSED_KEY, InstallOffer, shouldOfferInstall } from './installOffer.svelte.ts';
import { InstallPrompt } from './installPrompt.svelte.ts';

/** A window stand-in: events, matchMedia and navigator.onLine. */
function fakeWindow({ standalone = false, online = true } = {}) {
	const target = new EventTarget() as EventTarget & { matchMedia(q: string): { matches: boolean }; navigator: { onLine: boolean } };
	target.matchMedia = (query) => ({ matches: standalone && query.includes('standalone') });
	target.navigator = { onLine: online };
	return target;
}

function promptEvent(outcome: 'accepted' | 'dismissed') {
	const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & {
		prompt(): Promise<void>;
		userChoice: Promise<{ outcome: string }>;
		prompted: number;
	};
	event.prompted = 0;
	event.prompt = async () => void (event.prompted += 1);
	event.userChoice = Promise.resolve({ outcome });
	return event;
}


describe('shouldOfferInstall', () => {
	it('offers only when installable, engaged, not dismissed and not installed', () => {
		const base = { promptable: true, engaged: true, dismissed: false, installed: false };
		expect(shouldOfferInstall(base)).toBe(true);
		for (const key of ['promptable', 'engaged'] as const) expect(shouldOfferInstall({ ...base, [key]: false })).toBe(false);
		for (const key of ['dismissed', 'installed'] as const) expect(shouldOfferInstall({ ...base, [key]: true })).toBe(false);
	});
});

describe('InstallOffer', () => {
	let db: AtriumDatabase;
	beforeEach(() => {
		db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
	});
	afterEach(async () => {
		await db.delete();
	});

	/** The prompt held from the start, and the offer loaded later on it. */
	function started(win = fakeWindow()) {
		const prompt = new InstallPrompt();
		const stop = prompt.start(win as unknown as Window);
		return { win, prompt, stop, offer: () => new InstallOffer(db, prompt) };
	}

	it('holds the browser prompt back until the user has a conversation', async () => {
		const { win, prompt, offer: load } = started();
		const event = promptEvent('accepted');
		win.dispatchEvent(event);
		expect(event.defaultPrevented).toBe(true);
		expect(prompt.offerable).toBe(false);
		prompt.engaged = true;
		expect(prompt.offerable).toBe(true);
		const offer = load();
		await vi.waitFor(() => expect(offer.dismissed).toBe(false));
		expect(offer.visible).toBe(true);
		await offer.install();
		expect(event.prompted).toBe(1);
		expect(prompt.installed).toBe(true);
		expect(offer.visible).toBe(false);
		expect(prompt.offerable).toBe(false);
	});

	it('remembers a dismissal, here or in the browser dialog', async () => {
		const { win, prompt, offer: load } = started();
		prompt.engaged = true;
		win.dispatchEvent(promptEvent('dismissed'));
		const offer = load();
		await vi.waitFor(() => expect(offer.dismissed).toBe(false));
		await offer.install();
		expect(offer.visible).toBe(false);
		expect((await db.settings.get(INSTALL_DISMISSED_KEY))?.value).toBe(true);

		const later = started();
		later.win.dispatchEvent(promptEvent('accepted'));
		later.prompt.engaged = true;
		const laterOffer = later.offer();
		// Hidden from the start, and still hidden once the stored answer is read.
		expect(laterOffer.visible).toBe(false);
		await db.settings.get(INSTALL_DISMISSED_KEY);
		expect(laterOffer.dismissed).toBe(true);
		expect(laterOffer.visible).toBe(false);
	});

	it('never offers inside the installed app, and stops after appinstalled', async () => {
		const standalone = started(fakeWindow({ standalone: true }));
		standalone.win.dispatchEvent(promptEvent('accepted'));
		standalone.prompt.engaged = true;
		expect(standalone.prompt.installed).toBe(true);
		expect(standalone.prompt.offerable).toBe(false);

		const { win, prompt, stop, offer: load } = started();
		prompt.engaged = true;
		win.dispatchEvent(promptEvent('accepted'));
		const offer = load();
		await vi.waitFor(() => expect(offer.visible).toBe(true));
		win.dispatchEvent(new Event('appinstalled'));
		expect(offer.visible).toBe(false);
		expect(prompt.offerable).toBe(false);
		stop();
		win.dispatchEvent(promptEvent('accepted'));
		expect(prompt.event).toBe(null);
	});
});

describe('Connectivity', () => {
	it('follows online and offline events', () => {
		const win = fakeWindow({ online: false });
		const connectivity = new Connectivity();
		const stop = connectivity.start(win as unknown as Window);
		expect(connectivity.online).toBe(false);
		win.navigator.onLine = true;
		win.dispatchEvent(new Event('online'));
		expect(connectivity.online).toBe(true);
		stop();
		win.navigator.onLine = false;
		win.dispatchEvent(new Event('offline'));
		expect(connectivity.online).toBe(true);
	});
});
