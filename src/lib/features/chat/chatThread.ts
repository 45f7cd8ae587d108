// What a stored conversation shows: the header's tools, the virtualized thread
// (markdown, notes and highlights; a message's files load apart), the context budget line and the queued
// messages. A new empty chat shows none of it, so ChatView loads this module with a stored
// conversation, or on first intent to send from a new chat (decision 0022, round 3).
export { default as ChatThread } from './ChatThread.svelte';
export { default as ContextBudget } from '../context/ContextBudget.svelte';
export { default as QueuedMessages } from '../pwa/QueuedMessages.svelte';
export { conversationExtras } from '../notes/conversationExtras.svelte.ts';
export { default as ConversationTools } from './ConversationTools.svelte';
