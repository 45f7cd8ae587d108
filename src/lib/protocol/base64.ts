// Bytes ↔ base64 with only what browsers, Node and workerd all have (btoa/atob), for
// binary payloads (Yjs updates) inside JSON frames.

export function bytesToBase64(bytes: Uint8Array): string {
	let binary = '';
	// Chunks keep String.fromCharCode's argument list short on large updates.
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

/** @throws {Error} when `text` is not base64 */
export function base64ToBytes(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
