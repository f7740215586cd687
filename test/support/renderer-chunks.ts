// What a built renderer makes the window load: the files index.html names and every chunk they
// import statically (needed before the first screen can run), apart from the chunks only a
// dynamic import() reaches. For the first-screen bundle test and the first-paint bench.
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BuiltFile {
  /** Relative to the renderer folder, as index.html names it: 'assets/index-abc.js'. */
  file: string;
  bytes: number;
  gzipBytes: number;
  text: string;
}

export interface RendererChunks {
  /** The first screen's files: index.html's scripts and styles and their static imports. */
  initial: BuiltFile[];
  /** Every script and style in the build. */
  all: BuiltFile[];
}

// Minified ESM: `import{a as b}from"./x.js"` and `import"./x.js"`, never `import("./x.js")`.
const STATIC_IMPORT = /\bimport\s*(?:[^"'`()]*?\bfrom\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g;
const HTML_ASSET = /<(?:script|link)\b[^>]*?\b(?:src|href)="\.\/([^"]+\.(?:js|css))"/g;

async function readBuilt(dir: string, file: string): Promise<BuiltFile> {
  const body = await readFile(join(dir, file));
  return { file, bytes: body.length, gzipBytes: gzipSync(body).length, text: body.toString() };
}

/** Reads the built renderer in `dir` (index.html and assets/) and splits it as the window does. */
export async function readRendererChunks(dir: string): Promise<RendererChunks> {
  const names = (await readdir(join(dir, 'assets'))).filter((n) => /\.(js|css)$/.test(n));
  const all = await Promise.all(names.map((n) => readBuilt(dir, posix.join('assets', n))));
  const byFile = new Map(all.map((f) => [f.file, f]));
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(HTML_ASSET)].map((m) => m[1] ?? '');
  const initial = new Map<string, BuiltFile>();
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const built = byFile.get(file);
    if (!built || initial.has(file)) continue;
    initial.set(file, built);
    if (!file.endsWith('.js')) continue;
    for (const m of built.text.matchAll(STATIC_IMPORT)) {
      queue.push(posix.join(posix.dirname(file), m[1] ?? ''));
    }
  }
  return { initial: [...initial.values()], all };
}

/** Total size in KB (1,000 bytes, as the build prints them) of `files`' JS. */
export function scriptKb(files: BuiltFile[], size: 'bytes' | 'gzipBytes' = 'bytes'): number {
  const js = files.filter((f) => f.file.endsWith('.js'));
  return js.reduce((sum, f) => sum + f[size], 0) / 1000;
}
