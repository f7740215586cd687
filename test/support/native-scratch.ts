// A scratch project root for scripts/ensure-native.mjs (which honours ENSURE_NATIVE_ROOT), so
// tests can stage any state of node_modules without touching the real one others rely on.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ABI_ERROR =
  "The module '/x/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 143. This version of Node.js requires\nNODE_MODULE_VERSION 115.";

const INSTALLERS = {
  offline:
    "console.error('Error: getaddrinfo ENOTFOUND github.com\\n    at GetAddrInfoReqWrap'); process.exit(1);",
  downloads: [
    "const fs = require('fs');",
    "fs.mkdirSync(__dirname + '/dist', { recursive: true });",
    "fs.writeFileSync(__dirname + '/dist/electron', '');",
    "fs.writeFileSync(__dirname + '/path.txt', 'electron');",
  ].join('\n'),
};

export interface ScratchProject {
  readonly root: string;
  /** A package under node_modules with the given files and npm scripts. */
  fakePackage(name: string, files: Record<string, string>, scripts?: Record<string, string>): void;
  /**
   * The electron package at a version, with or without its downloaded binary, and optionally
   * its installer (install.js), which here either fails as offline or lays out the binary.
   */
  fakeElectron(
    version: string,
    binary: 'present' | 'absent' | 'path-only',
    installer?: 'downloads' | 'offline',
  ): void;
  writeMarker(marker: string): void;
  readMarker(): string;
}

export function scratchProject(root: string): ScratchProject {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0' }));
  const marker = join(root, 'node_modules', '.native-abi');
  const fakePackage: ScratchProject['fakePackage'] = (name, files, scripts = {}) => {
    const dir = join(root, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', main: 'index.js', scripts }),
    );
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  };
  return {
    root,
    fakePackage,
    fakeElectron(version, binary, installer) {
      const dir = join(root, 'node_modules', 'electron');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version }));
      if (installer) writeFileSync(join(dir, 'install.js'), INSTALLERS[installer]);
      if (binary === 'absent') return;
      // What the electron package's postinstall leaves: path.txt naming the file in dist/.
      writeFileSync(join(dir, 'path.txt'), 'electron');
      if (binary === 'path-only') return;
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'electron'), '');
    },
    writeMarker: (text) => writeFileSync(marker, `${text}\n`),
    readMarker: () => readFileSync(marker, 'utf8').trim(),
  };
}
