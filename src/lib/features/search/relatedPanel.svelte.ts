// Whether the Related panel is open, once per tab. The chat view is made afresh for each
// conversation, so a flag inside it closed the panel on every switch; kept here, the panel
// stays open and follows the user from one related conversation to the next.
export const relatedPanel = $state({ open: false });
