// The moment the renderer's first screen shows (the Links heading and its New link button),
// seen from inside the page: an init script, so it is a string, run before the page's scripts.

/** An init script running `then` (a statement, as source) once the first screen shows. */
export function onFirstScreen(then: string): string {
  return `(() => {
  const shown = () =>
    document.querySelector('h1')?.textContent === 'Links' &&
    [...document.querySelectorAll('button')].some((b) => b.textContent === 'New link');
  const watcher = new MutationObserver(() => {
    if (!shown()) return;
    watcher.disconnect();
    ${then}
  });
  watcher.observe(document, { childList: true, subtree: true });
})()`;
}
