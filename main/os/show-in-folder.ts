// "Show in folder" after a CSV export: the OS file manager opens on the file the export just
// wrote, and on no other. The path comes back from the page, which must not be able to make
// main reveal (or probe) a folder of its choosing, so main remembers what it wrote itself.

/** The slice of Electron's shell this needs (shell.showItemInFolder). */
export interface FolderShellLike {
  showItemInFolder(fullPath: string): void;
}

/**
 * Saves `content` (the file's text in chunks, read as they are written) where the merchant
 * picks; the path written, or null when they cancel.
 */
export type SaveExport = (
  suggestedName: string,
  content: Iterable<string>,
) => Promise<string | null>;

export interface RevealedExports {
  /** `save`, remembering the file it wrote. */
  saveFile: SaveExport;
  /** Shows `path` in its folder when it is the file the last export wrote; false otherwise. */
  showInFolder(path: string): boolean;
}

export function revealExports(save: SaveExport, shell: FolderShellLike): RevealedExports {
  let written: string | null = null;
  return {
    saveFile: async (suggestedName, content) => {
      const path = await save(suggestedName, content);
      // A cancelled export leaves the last file showable: its message may still be on screen.
      if (path !== null) written = path;
      return path;
    },
    showInFolder: (path) => {
      if (written === null || path !== written) return false;
      shell.showItemInFolder(written);
      return true;
    },
  };
}
