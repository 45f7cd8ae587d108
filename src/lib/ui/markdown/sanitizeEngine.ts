/**
 * A sanitizing engine: parses `html` into a document with no browsing context and removes
 * what sanitizePolicy.ts does not allow. The post-pass and serialization follow in
 * sanitize.ts, the same for every engine.
 */
export type SanitizeEngine = (html: string, inert: Document) => ParentNode;

export type EngineName = 'native' | 'dompurify';
