import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicyFor,
  windowOptions,
} from '../../../main/window';

describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/index.cjs');
  const web = options.webPreferences ?? {};

  it('loads the preload it is given', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
  });

  it('isolates the page from the preload and from Node', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the web security model on and webviews off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
  });

  it('does not send typed text to a spellchecking service', () => {
    expect(web.spellcheck).toBe(false);
  });

  it('stays hidden until the first paint is ready', () => {
    expect(options.show).toBe(false);
  });

  it('opens at 1280×800 and never shrinks below 900×700', () => {
    expect([options.width, options.height]).toEqual([1280, 800]);
    expect([options.minWidth, options.minHeight]).toEqual([900, 700]);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the agreed policy, directive for directive', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('is applied unchanged to the packaged app loaded from disk', () => {
    expect(contentSecurityPolicyFor('file:///opt/app/out/renderer/index.html')).toBe(
      CONTENT_SECURITY_POLICY,
    );
  });

  it('relaxes only what the dev server needs: inline preamble, injected styles, its HMR socket', () => {
    const dev = contentSecurityPolicyFor('http://localhost:5173/');
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("default-src 'none'");
    expect(dev).toContain("frame-ancestors 'none'");
    expect(dev).not.toContain('*');
  });
});
