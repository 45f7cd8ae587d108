// Content addresses: the lowercase hex SHA-256 of a file's bytes, as attachments and the
// sync blob store name them. Web Crypto exists in the browser, its workers, Workers and Node.

export async function sha256Hex(data: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await data.arrayBuffer());
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
