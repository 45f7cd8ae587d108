/**
 * The post-pass both sanitizing engines' output goes through (sanitize.ts): a walk over the
 * sanitized nodes, in the engine's inert document, that enforces sanitizePolicy.ts's
 * allowlist once more (element by namespace and name, attribute by exact name) and every
 * rule that depends on a value: links, images, inline style, classes, attribute values.
 * It is a complete allowlist by itself, so whatever one engine lets through that the other
 * would not, this removes; the engines' outputs cannot drift apart.
 */
import { isInlineImageUrl, safeLinkUrl } from '../../workers/markdown/urls.ts';
import { allowedAttributes, allowedElements, plainAttributeValue } from './sanitizePolicy.ts';

const elementKeys = new Set(allowedElements.map(({ name, namespace }) => `${namespace} ${name}`));
const attributeNames = new Set(allowedAttributes);
/**
 * Free text, kept whatever it looks like: exactly the allowed ones among DOMPurify's
 * "URI-safe" attributes, since the post-pass can remove what an engine kept but never
 * bring back what it removed.
 */
const freeTextAttributes = new Set(['alt', 'title', 'class', 'style']);
/** Values that could end a raw-text element or a comment if serialized somewhere careless. */
const breakoutValue = /(?:--!?|\])>|<\/(?:style|script|title|xmp|textarea|noscript|iframe|noembed|noframes)|\/>/i;
// eslint-disable-next-line no-control-regex -- DOMPurify's ATTR_WHITESPACE: control characters are what it strips
const attributeWhitespace = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;

const styleProperties = new Set([
	'height', 'width', 'min-width', 'max-width', 'top', 'bottom', 'left', 'vertical-align',
	'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-left', 'padding-right',
	'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
	'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style',
	'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
	'color', 'background-color', 'text-shadow', 'position'
]);
const unsafeStyleValue = /url\(|image|expression|var\(|attr\(|\\/i;

/** Reduces an inline style to the allowed properties, as parsed by the browser. */
function filterStyle(style: string, document: Document): string {
	const parsed = document.createElement('span').style;
	parsed.cssText = style;
	const kept: string[] = [];
	for (let i = 0; i < parsed.length; i++) {
		const property = parsed.item(i);
		const value = parsed.getPropertyValue(property);
		if (!styleProperties.has(property) || unsafeStyleValue.test(value)) continue;
		if (property === 'position' && value !== 'relative') continue;
		kept.push(`${property}: ${value}`);
	}
	return kept.join('; ');
}

const appClass = /^(?:hljs(?:-[\w-]+)?|[a-z]+_{1,2}|language-[\w+#.-]+|md-[\w-]+|katex(?:-[\w-]+)?)$/;

function filterClasses(value: string, element: Element): string {
	const tokens = value.split(/\s+/).filter(Boolean);
	const inKatex = element.parentElement?.closest('.katex') != null || tokens.includes('katex');
	return tokens.filter((token) => (inKatex ? /^[\w-]+$/.test(token) : appClass.test(token))).join(' ');
}

/** The value to keep for one attribute, or undefined to remove it. */
function keptValue(element: Element, attribute: Attr): string | undefined {
	const name = attribute.name;
	if (attribute.namespaceURI !== null || !attributeNames.has(name)) return undefined;
	const value = attribute.value.trim();
	if (breakoutValue.test(value)) return undefined;
	switch (name) {
		case 'style':
			return filterStyle(value, element.ownerDocument) || undefined;
		case 'class':
			return filterClasses(value, element) || undefined;
		case 'href': // checked with the element below
			return element.localName === 'a' ? value : undefined;
		case 'src':
			return element.localName === 'img' ? value : undefined;
	}
	if (freeTextAttributes.has(name) || value === '') return value;
	return plainAttributeValue.test(value.replace(attributeWhitespace, '')) ? value : undefined;
}

function enforceAttributes(element: Element): void {
	for (const attribute of [...element.attributes]) {
		const value = keptValue(element, attribute);
		if (value === undefined) element.removeAttributeNode(attribute);
		else if (value !== attribute.value) attribute.value = value;
	}
	switch (element.localName) {
		case 'a': {
			const url = safeLinkUrl(element.getAttribute('href') ?? '');
			if (url === undefined) {
				element.removeAttribute('href');
				element.removeAttribute('target');
				element.removeAttribute('rel');
			} else {
				element.setAttribute('href', url);
				element.setAttribute('target', '_blank');
				element.setAttribute('rel', 'noopener noreferrer nofollow');
			}
			break;
		}
		case 'img':
			if (!isInlineImageUrl(element.getAttribute('src') ?? '')) element.removeAttribute('src');
			break;
		case 'input':
			element.setAttribute('type', 'checkbox');
			element.setAttribute('disabled', '');
			break;
		case 'button':
			element.setAttribute('type', 'button');
			break;
	}
}

/**
 * Applies the policy to every node under `root`, parents before children (the class rule
 * looks at ancestors). Disallowed elements go with their content, as in both engines;
 * comments and anything else that is neither text nor an element go too.
 */
export function enforcePolicy(root: ParentNode): void {
	const pending: Node[] = [...root.childNodes].reverse();
	for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
		if (node.nodeType === Node.TEXT_NODE) continue;
		const element = node as Element;
		if (node.nodeType !== Node.ELEMENT_NODE || !elementKeys.has(`${element.namespaceURI} ${element.localName}`)) {
			node.parentNode?.removeChild(node);
			continue;
		}
		enforceAttributes(element);
		for (let child = element.lastChild; child !== null; child = child.previousSibling) pending.push(child);
	}
}
