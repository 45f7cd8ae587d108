// Turns schema failures into sentences that name the place in the file that is wrong.
import type { z } from 'zod';

/** `[2].mapping["a b"].children` style path for an issue. */
export function issuePath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path) {
		if (typeof key === 'number') out += `[${key}]`;
		else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `${out ? '.' : ''}${key}`;
		else out += `[${JSON.stringify(String(key))}]`;
	}
	return out || '(top level)';
}

function issueText(issue: z.core.$ZodIssue): string {
	const expected = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
	return expected ? `missing (expected ${expected[1]})` : issue.message;
}

/** The first few issues, one per line, each with its path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], limit = 5): string {
	const lines = issues.slice(0, limit).map((issue) => `${issuePath(issue.path)}: ${issueText(issue)}`);
	if (issues.length > limit) lines.push(`…and ${issues.length - limit} more problems`);
	return lines.join('\n');
}
