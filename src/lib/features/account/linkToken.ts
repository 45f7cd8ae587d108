// Emailed links carry their token in the fragment (`/verify-email#token=…`). The page takes
// it once and removes it from the address bar, so it is not left on screen or in history.
import { replaceState } from '$app/navigation';

export function takeLinkToken(): string | undefined {
	const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
	if (token) replaceState(location.pathname + location.search, {});
	return token;
}
