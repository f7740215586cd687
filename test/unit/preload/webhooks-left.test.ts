// The words for webhooks a logout left at Quaderno (preload/webhooks-left.ts), shared by
// `checkout-console logout` and Settings › Accounts: they say which ids, and, read in a terminal
// too, they point at no screen and no button.
import { describe, expect, it } from 'vitest';
import { webhooksLeftAdvice } from '../../../preload/webhooks-left';

const GUI_WORDS = /refresh|click|Settings|the app\b|button/i;

describe('webhooksLeftAdvice', () => {
  it('names the one webhook left', () => {
    expect(webhooksLeftAdvice([42])).toBe(
      "Quaderno did not confirm deleting this console's webhook (id 42): delete it in Quaderno by hand.",
    );
  });

  it('names every webhook left when there are several', () => {
    expect(webhooksLeftAdvice([42, 43])).toBe(
      "Quaderno did not confirm deleting this console's webhooks (ids 42, 43): delete them in Quaderno by hand.",
    );
  });

  it.each([[[42]], [[42, 43]]])('names no screen or button: %j', (ids) => {
    expect(webhooksLeftAdvice(ids)).not.toMatch(GUI_WORDS);
  });

  // Said also when Quaderno answered and refused (a 503), or was never asked (no key left).
  it.each([[[42]], [[42, 43]]])('claims no reason it may not be true for: %j', (ids) => {
    expect(webhooksLeftAdvice(ids)).not.toMatch(/reach|offline|connect|refused|answer/i);
  });
});
