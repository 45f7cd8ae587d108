// What rendering markdown on the main thread needs beyond the worker: the sanitizer
// (DOMPurify) and KaTeX's styles. Only ever imported through loadRenderer.ts, so pages
// without messages (the home page) never load them (decision 0013).
import 'katex/dist/katex.min.css';

export { sanitizeHtml } from './sanitize.ts';
