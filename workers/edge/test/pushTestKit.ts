// Test kit for Web Push, on Web Crypto only: makes VAPID and browser key pairs, checks a
// VAPID JWT's ES256 signature, and decrypts an aes128gcm message (RFC 8291 / RFC 8188) as
// the browser would. Used by the edge tests; independent of the library under test.

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	return btoa(String.fromCharCode(...view)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
	return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** A fresh VAPID identity as the edge's settings hold it. */
export async function makeVapidKeys(): Promise<{ VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string; VAPID_SUBJECT: string }> {
	const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
	const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
	const raw = (await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer;
	return { VAPID_PUBLIC_KEY: toBase64Url(raw), VAPID_PRIVATE_KEY: jwk.d!, VAPID_SUBJECT: 'mailto:ops@example.test' };
}

/** A browser's push subscription keys: the P-256 pair and the 16-byte auth secret. */
export interface BrowserKeys {
	p256dh: string;
	auth: string;
	privateKey: CryptoKey;
	publicRaw: Uint8Array<ArrayBuffer>;
	authSecret: Uint8Array<ArrayBuffer>;
}

export async function makeBrowserKeys(): Promise<BrowserKeys> {
	const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
	const publicRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey) as ArrayBuffer);
	const authSecret = crypto.getRandomValues(new Uint8Array(16));
	return { p256dh: toBase64Url(publicRaw), auth: toBase64Url(authSecret), privateKey: pair.privateKey, publicRaw, authSecret };
}

/** The JWT's claims after checking its ES256 signature against `publicKey` (base64url). */
export async function verifyVapidJwt(jwt: string, publicKey: string): Promise<Record<string, unknown>> {
	const [header, claims, signature] = jwt.split('.');
	if (!header || !claims || !signature) throw new Error('not a JWT');
	const key = await crypto.subtle.importKey('raw', fromBase64Url(publicKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
	const ok = await crypto.subtle.verify(
		{ name: 'ECDSA', hash: 'SHA-256' },
		key,
		fromBase64Url(signature),
		new TextEncoder().encode(`${header}.${claims}`)
	);
	if (!ok) throw new Error('VAPID signature does not verify');
	const head = JSON.parse(new TextDecoder().decode(fromBase64Url(header))) as { alg?: string };
	if (head.alg !== 'ES256') throw new Error(`VAPID JWT uses ${head.alg}`);
	return JSON.parse(new TextDecoder().decode(fromBase64Url(claims))) as Record<string, unknown>;
}

async function hkdf(salt: Uint8Array<ArrayBuffer>, ikm: Uint8Array<ArrayBuffer>, info: Uint8Array<ArrayBuffer>, bytes: number): Promise<Uint8Array<ArrayBuffer>> {
	const key = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
	return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, bytes * 8));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** Decrypts one aes128gcm push message body with the browser's keys; returns its text. */
export async function decryptPushMessage(body: Uint8Array<ArrayBuffer>, keys: BrowserKeys): Promise<string> {
	const salt = body.slice(0, 16);
	const recordSize = new DataView(body.buffer, body.byteOffset + 16, 4).getUint32(0);
	const idLength = body[20]!;
	const serverPublic = body.slice(21, 21 + idLength);
	const ciphertext = body.slice(21 + idLength);
	if (ciphertext.length > recordSize) throw new Error('more than one record');
	const server = await crypto.subtle.importKey('raw', serverPublic, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
	// workers-types spell the ECDH peer key `$public`; the runtime, like WebCrypto, reads `public`.
	const ecdh = { name: 'ECDH', public: server } as unknown as SubtleCryptoDeriveKeyAlgorithm;
	const shared: Uint8Array<ArrayBuffer> = new Uint8Array(await crypto.subtle.deriveBits(ecdh, keys.privateKey, 256));
	const text = { encode: (value: string): Uint8Array<ArrayBuffer> => new Uint8Array(new TextEncoder().encode(value)) };
	const ikm = await hkdf(keys.authSecret, shared, concat(text.encode('WebPush: info\0'), keys.publicRaw, serverPublic), 32);
	const cek = await hkdf(salt, ikm, text.encode('Content-Encoding: aes128gcm\0'), 16);
	const nonce = await hkdf(salt, ikm, text.encode('Content-Encoding: nonce\0'), 12);
	const aes = await crypto.subtle.importKey('raw', cek, 'AES-GCM', false, ['decrypt']);
	const padded = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce }, aes, ciphertext));
	// The last record ends with the delimiter 0x02, then zero padding.
	let end = padded.length - 1;
	while (end >= 0 && padded[end] === 0) end -= 1;
	if (padded[end] !== 2) throw new Error('missing the last-record delimiter');
	return new TextDecoder().decode(padded.slice(0, end));
}
