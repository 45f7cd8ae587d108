/**
 * Markdown shaped like real model answers, shared by the renderer's tests and the bench.
 * Not imported by the app. `crossBlock` marks documents whose rendering of one block
 * depends on a later block (reference links defined further down), which only the final
 * full render gets right.
 */

export interface SampleDocument {
	name: string;
	text: string;
	crossBlock?: boolean;
}

const fence = '```';

export const sampleDocuments: readonly SampleDocument[] = [
	{
		name: 'explanation with code',
		text: `## Debouncing input in TypeScript

A *debounce* delays a call until the input has been quiet for \`ms\` milliseconds. It is the
usual fix for **search-as-you-type** boxes that fire a request on every key.

${fence}ts
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	return (...args: A): void => {
		clearTimeout(timer);
		timer = setTimeout(() => fn(...args), ms);
	};
}
${fence}

Key points:

1. The timer is reset on every call.
2. Only the **last** arguments are used.
3. Use \`AbortController\` if the call starts a fetch:
   - abort the previous request,
   - start a new one.

See [MDN on setTimeout](https://developer.mozilla.org/docs/Web/API/setTimeout) for details.
`
	},
	{
		name: 'math heavy',
		text: `The quadratic formula solves $ax^2 + bx + c = 0$ for $a \\neq 0$:

$$
x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}
$$

The discriminant \\(\\Delta = b^2 - 4ac\\) tells how many real roots there are:

- $\\Delta > 0$: two real roots,
- $\\Delta = 0$: one double root,
- $\\Delta < 0$: two complex roots.

In matrix form the Gaussian integral generalises to
\\[ \\int_{\\mathbb{R}^n} e^{-\\frac{1}{2} x^\\top A x} \\, dx = \\sqrt{\\frac{(2\\pi)^n}{\\det A}} \\]

A broken formula like $\\frac{1}{$ shows an error instead of failing the message. Prices such
as $5 and $10 stay plain text.
`
	},
	{
		name: 'comparison table',
		text: `| Database | Model | Transactions | Notes |
|:--|:-:|--:|---|
| SQLite | relational | yes | embedded, one writer |
| PostgreSQL | relational | yes | \`jsonb\`, extensions |
| Redis | key-value | partial | in-memory, *fast* |
| DuckDB | columnar | yes | analytics<br>in-process |

> **Tip:** pick the boring option unless you can name the problem it fails to solve.
> It will still be around in ten years.

---

Setext heading
==============

Second level
------------
`
	},
	{
		name: 'mixed languages',
		text: `Here is the same query in three languages.

${fence}python
import sqlite3

def top_users(db: str, n: int = 10) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT name, count(*) FROM posts GROUP BY name ORDER BY 2 DESC LIMIT ?", (n,)
        ).fetchall()
${fence}

${fence}sql
SELECT name, count(*) AS posts
FROM posts
GROUP BY name
ORDER BY posts DESC
LIMIT 10;
${fence}

${fence}rust
fn main() {
    let v: Vec<u32> = (1..=10).map(|x| x * x).collect();
    println!("{:?}", v);
}
${fence}

${fence}bash
for f in *.log; do
  gzip -9 "$f" && echo "compressed $f"
done
${fence}

${fence}unknownlang
this language is not registered, so it is only escaped: <b>not bold</b>
${fence}

    indented code block
    second line
`
	},
	{
		name: 'task lists and nesting',
		text: `### Release checklist

- [x] Tag the release
- [x] Build artifacts
- [ ] Publish notes
  - [ ] changelog
  - [ ] blog post
- [ ] Announce

1. First
2. Second

   A paragraph inside the second item, making the list loose.

3. Third
   1. nested ordered
   2. and another

Trailing paragraph with ~~strikethrough~~, an autolink https://example.org/path?q=1 and
an email <mailto:team@example.org>.
`
	},
	{
		name: 'html and escapes',
		text: `Models sometimes write HTML: <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup>.

<details>
<summary>Click to expand</summary>
Hidden content.
</details>

Escaped characters: \\*not emphasis\\*, \\$not math\\$, &copy; 2024, a < b > c & d.

<div onclick="alert(1)">shown as text</div>

Line with a hard break  
next line.
`
	},
	{
		name: 'reference links',
		crossBlock: true,
		text: `Read the [guide][g] and the [API docs][api] before starting.

Some intermediate paragraph.

[g]: https://example.com/guide "The guide"
[api]: https://example.com/api
`
	},
	{
		name: 'crlf line endings',
		text: '# Windows\r\n\r\nA paragraph\r\nwith CRLF endings.\r\n\r\n- one\r\n- two\r\n\r\n```js\r\nconsole.log(1);\r\n```\r\n'
	},
	{
		name: 'unclosed fence at end',
		text: `Start of an answer that was cut off:

${fence}js
function unfinished() {
  return 1;

# still code, not a heading
`
	},
	{
		name: 'paragraph interrupts',
		text: `A paragraph
#hashtag is not a heading
# but this is

Another paragraph
- interrupted by a list
- of two

Text then display math on its own lines:
$$
E = mc^2
$$
and text after.

Lazy
> quote
continues here
`
	}
];

/**
 * A realistic message of about `size` characters: the sample documents (minus the cut-off
 * one) repeated in order, separated by blank lines.
 */
export function sampleMessage(size: number): string {
	const parts = sampleDocuments
		.filter((doc) => !doc.crossBlock && doc.name !== 'unclosed fence at end')
		.map((doc) => doc.text.replace(/\r\n/g, '\n').trim());
	let out = '';
	for (let i = 0; out.length < size; i++) out += parts[i % parts.length] + '\n\n';
	return out.slice(0, size);
}
