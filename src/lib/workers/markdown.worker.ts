/**
 * The markdown worker: renders chat messages off the main thread. It only exposes the
 * service; the logic lives in markdown/service.ts. Output is unsanitized HTML (there is
 * no DOM here for DOMPurify); the main thread sanitizes it before it reaches the page.
 */
import { expose } from 'comlink';
import { createMarkdownService } from './markdown/service.ts';

expose(createMarkdownService());
