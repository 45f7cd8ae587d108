// What rendering markdown on the main thread needs beyond the worker: the sanitizer and
// KaTeX's styles. Only ever imported through loadRenderer.ts, so pages without messages
// (the home page) never load them (decision 0013). The sanitizer runs on the browser's
// own HTML Sanitizer where there is one; DOMPurify is fetched only elsewhere (0026).
import 'katex/dist/katex.min.css';

export { loadSanitizer } from './sanitize.ts';
