// ESLint rule: a folder under main/ is entered through its index.ts, its public face. A file in
// main/receiver may import '../store' but not '../store/events': the inner files are the
// folder's own business, free to move or merge without breaking anyone (docs/architecture.md).
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'main');

/** Path parts of `path` below main/, or null outside it. */
function underMain(path) {
  const parts = relative(MAIN, path).split(sep);
  return parts[0] === '..' || parts[0] === '' ? null : parts;
}

const isFace = (parts) => parts.length === 2 && /^index(\.[cm]?[jt]sx?)?$/.test(parts[1]);

export const folderFaces = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another main/ folder through its index.ts, not its inner files.' },
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                to: { type: 'string' },
                why: { type: 'string' },
              },
              required: ['from', 'to', 'why'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      inner:
        "'{{spec}}' reaches inside main/{{folder}}/. Import '{{face}}' (its index.ts) and export what you need there.",
    },
  },
  create(context) {
    const from = underMain(context.filename);
    if (from === null) return {};
    const fromFolder = from.length > 1 ? from[0] : '';
    const fromPath = ['main', ...from].join('/');
    const allow = context.options[0]?.allow ?? [];
    const check = (node) => {
      const spec = node.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = underMain(resolve(dirname(context.filename), spec));
      // Outside main/, one of main/'s own top files, its own folder, or the folder's face.
      if (to === null || to.length < 2 || to[0] === fromFolder || isFace(to)) return;
      const toPath = ['main', ...to].join('/');
      if (allow.some((a) => a.from === fromPath && toPath.startsWith(a.to))) return;
      const face = relative(dirname(context.filename), join(MAIN, to[0])).split(sep).join('/');
      context.report({
        node,
        messageId: 'inner',
        data: { spec, folder: to[0], face: face.startsWith('.') ? face : `./${face}` },
      });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => n.source && check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source),
    };
  },
};

export const folderFacesPlugin = { rules: { 'folder-faces': folderFaces } };
