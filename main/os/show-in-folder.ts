// "Show in folder" after a CSV export: the OS file manager opens on the file the export just
// wrote, and on no other. The path comes back from the page, which must not be able to make
// main reveal (or probe) a folder of its choosing, so main remembers what it wrote itself.

/** The slice of Electron's shell this needs (shell.showItemInFolder). */
export interface FolderShellLike {
  showItemInFolder(fullPath: string): void;
}

/**
 * Saves `content` (the file's text in chunks, read as they are written) where the merchant
 * picks; the path written, or null when they cancel. With `targetFor`, the merchant picks
 * before a one-file export is written, and the export writes it there (main/sales SavePart).
 */
export type SaveExport = ((
  suggestedName: string,
  content: Iterable<string>,
) => Promise<string | null>) & {
  targetFor?: (suggestedName: string) => Promise<ExportTarget | null>;
};

/** Where the export will write, and its word once the file is whole there. */
export interface ExportTarget {
  path: string;
  written?: () => void;
}

export interface RevealedExports {
  /** `save`, remembering the file it wrote. */
  saveFile: SaveExport;
  /** Shows `path` in its folder when it is the file the last export wrote; false otherwise. */
  showInFolder(path: string): boolean;
}

export function revealExports(save: SaveExport, shell: FolderShellLike): RevealedExports {
  let written: string | null = null;
  const saveFile: SaveExport = async (suggestedName, content) => {
    const path = await save(suggestedName, content);
    // A cancelled export leaves the last file showable: its message may still be on screen.
    if (path !== null) written = path;
    return path;
  };
  const { targetFor } = save;
  if (targetFor) {
    // The path is showable once the export has written the whole file there, not when picked.
    saveFile.targetFor = async (suggestedName) => {
      const target = await targetFor(suggestedName);
      if (target === null) return null;
      return {
        ...target,
        written: () => {
          target.written?.();
          written = target.path;
        },
      };
    };
  }
  return {
    saveFile,
    showInFolder: (path) => {
      if (written === null || path !== written) return false;
      shell.showItemInFolder(written);
      return true;
    },
  };
}
