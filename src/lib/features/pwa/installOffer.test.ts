import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtriumDatabase } from '../../db/database.ts';
import { Connectivity } from './connectivity.svelte.ts';
import { INSTALL_DISMISSED_KEY, InstallOffer, shouldOfferInstall } from './installOffer.svelte.ts';

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

	it('holds the browser prompt back until the user has a conversation', async () => {
		const win = fakeWindow();
		const offer = new InstallOffer(db);
		offer.start(win as unknown as Window);
		await vi.waitFor(() => expect(offer.dismissed).toBe(false));
		const event = promptEvent('accepted');
		win.dispatchEvent(event);
		expect(event.defaultPrevented).toBe(true);
		expect(offer.visible).toBe(false);
		offer.engaged = true;
		expect(offer.visible).toBe(true);
		await offer.install();
		expect(event.prompted).toBe(1);
		expect(offer.installed).toBe(true);
		expect(offer.visible).toBe(false);
	});

	it('remembers a dismissal, here or in the browser dialog', async () => {
		const win = fakeWindow();
		const offer = new InstallOffer(db);
		offer.start(win as unknown as Window);
		await vi.waitFor(() => expect(offer.dismissed).toBe(false));
		offer.engaged = true;
		win.dispatchEvent(promptEvent('dismissed'));
		await offer.install();
		expect(offer.visible).toBe(false);
		expect((await db.settings.get(INSTALL_DISMISSED_KEY))?.value).toBe(true);

		const later = new InstallOffer(db);
		const laterWindow = fakeWindow();
		later.start(laterWindow as unknown as Window);
		laterWindow.dispatchEvent(promptEvent('accepted'));
		later.engaged = true;
		// Hidden from the start, and still hidden once the stored answer is read.
		expect(later.visible).toBe(false);
		await db.settings.get(INSTALL_DISMISSED_KEY);
		expect(later.dismissed).toBe(true);
		expect(later.visible).toBe(false);
	});

	it('never offers inside the installed app, and stops after appinstalled', async () => {
		const standalone = new InstallOffer(db);
		standalone.start(fakeWindow({ standalone: true }) as unknown as Window);
		expect(standalone.installed).toBe(true);

		const win = fakeWindow();
		const offer = new InstallOffer(db);
		const stop = offer.start(win as unknown as Window);
		await vi.waitFor(() => expect(offer.dismissed).toBe(false));
		offer.engaged = true;
		win.dispatchEvent(promptEvent('accepted'));
		win.dispatchEvent(new Event('appinstalled'));
		expect(offer.visible).toBe(false);
		stop();
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
