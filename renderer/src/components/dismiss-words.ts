// One vocabulary for the buttons that leave something without doing it (issue 17). "Cancel" is
// never one of them: cancelling is what a merchant does to a link, and a "Cancel" beside a
// link's "Cancel…" read as the same thing.

/** Leaves what only shows things: a dialog, the "Link ready" panel, a notice. */
export const CLOSE = 'Close';
/** Leaves a form for something new (New link, Connect account), dropping what was typed. */
export const DISCARD = 'Discard';
/**
 * Leaves a form that edits something that exists (Edit link, a Settings section, your pages),
 * dropping the edits; also the answer to "Discard changes?" when leaving unsaved Settings.
 */
export const DISCARD_CHANGES = 'Discard changes';
/** Beside a destructive action's own name ("Cancel link", "Remove account"): nothing happens. */
export const KEEP_IT = 'Keep it';
/** Beside Discard changes when leaving unsaved edits: stay where the edits are. */
export const KEEP_EDITING = 'Keep editing';
