// The live bench's page driven from its own process (see live-page.ts): argv[2] is the desk's
// URL; the parent asks for a sale's row by email and gets the page's marks back.
import { launchBrowser } from '../support/browser';
import { armRow, openDesk, toPageChild, waitForRow, type FromPageChild } from './live-page';

const url = process.argv[2];
const tell = (message: FromPageChild) => process.send?.(message);

try {
  if (!url) throw new Error('no URL given');
  const browser = await launchBrowser();
  const page = await browser.newPage({ width: 1280, height: 800 });
  await openDesk(page, url);
  // A parent gone without saying close: Chromium must not outlive it.
  process.once('disconnect', () => void browser.close());
  process.on('message', (posted: unknown) => {
    const message = toPageChild.parse(posted);
    if (message.kind === 'close') {
      void browser.close().finally(() => process.disconnect());
      return;
    }
    const { email } = message;
    armRow(page, email)
      .then(() => {
        tell({ kind: 'armed', email });
        return waitForRow(page, email);
      })
      .then(
        (marks) => tell({ kind: 'seen', email, marks }),
        (error: unknown) => tell({ kind: 'failed', message: String(error) }),
      );
  });
  tell({ kind: 'ready' });
} catch (error) {
  tell({ kind: 'failed', message: String(error) });
  process.disconnect();
}
