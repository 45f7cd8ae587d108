// What this browser brings to a room: the link token (from the share link's fragment,
// remembered per room so a reload or a later visit still gets in) and, for guests, a name
// and a secret that only this browser holds (the room derives the guest's identity from it).

const LINK_PREFIX = 'atrium.roomLink.';
const GUEST_SECRET = 'atrium.roomGuestSecret';
const GUEST_NAME = 'atrium.roomGuestName';

export function roomLink(roomId: string): string | null {
	const fromUrl = new URLSearchParams(location.hash.slice(1)).get('link');
	try {
		if (fromUrl) localStorage.setItem(LINK_PREFIX + roomId, fromUrl);
		return fromUrl ?? localStorage.getItem(LINK_PREFIX + roomId);
	} catch {
		return fromUrl;
	}
}

export function guestSecret(): string {
	try {
		const known = localStorage.getItem(GUEST_SECRET);
		if (known) return known;
		const secret = crypto.randomUUID() + crypto.randomUUID();
		localStorage.setItem(GUEST_SECRET, secret);
		return secret;
	} catch {
		return crypto.randomUUID() + crypto.randomUUID();
	}
}

export function rememberedGuestName(): string {
	try {
		return localStorage.getItem(GUEST_NAME) ?? '';
	} catch {
		return '';
	}
}

export function rememberGuestName(name: string): void {
	try {
		localStorage.setItem(GUEST_NAME, name);
	} catch {
		// Private mode: the name is asked again next time.
	}
}
