// The dev outbox as a page a developer reads in the browser: every email's subject, recipient,
// time and plain text, with its links clickable. Everything from an email is escaped (an
// address or subject is whatever a sign-up form was given); the API's CSP (default-src 'none')
// applies, so the page has no script and no styles beyond the browser's own.
import type { OutboxMessage } from '../../../../src/lib/protocol/auth.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Escaped text with its http(s) links made into anchors (the URL is escaped text too). */
function withLinks(text: string): string {
	return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

export function outboxPage(messages: readonly OutboxMessage[], to: string | undefined): string {
	const heading = to ? `Emails to ${escapeHtml(to)}` : 'Every email';
	const items = messages.map(
		(message) => `<article>
<h2>${escapeHtml(message.subject)}</h2>
<p>To <strong>${escapeHtml(message.to)}</strong>, <time datetime="${escapeHtml(message.createdAt)}">${escapeHtml(message.createdAt)}</time></p>
<pre>${withLinks(message.text)}</pre>
</article>`
	);
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Dev outbox · Atrium</title></head>
<body>
<h1>Dev outbox</h1>
<p>Emails this development edge would have sent (EMAIL_OUTBOX=1), newest first. The same list as JSON: ask for application/json.</p>
<form method="get"><label>Recipient <input type="email" name="to" value="${escapeHtml(to ?? '')}"></label> <button>Show</button></form>
<h2>${heading}: ${messages.length}</h2>
${items.length > 0 ? items.join('\n<hr>\n') : '<p>No emails yet.</p>'}
</body>
</html>
`;
}
