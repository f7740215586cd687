// Saving a CSV export through the OS save dialog (the console's saveFile in the app).
import { join } from 'node:path';
import type { SaveExport } from './show-in-folder';

export interface SaveDialogLike {
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: Array<{ name: string; extensions: string[] }>;
  }): Promise<{ canceled: boolean; filePath?: string | undefined }>;
}

/**
 * The console's saveFile for the app: ask where, then write; null when cancelled. Its
 * `targetFor` asks before the export reads a sale, so a one-file CSV is written once, at the
 * path the merchant picked, and a cancelled dialog costs nothing.
 */
export function saveThroughDialog(
  dialog: SaveDialogLike,
  folder: () => string,
  write: (path: string, content: Iterable<string>) => Promise<void>,
): SaveExport {
  const ask = async (suggestedName: string): Promise<string | null> => {
    const choice = await dialog.showSaveDialog({
      title: 'Export CSV',
      defaultPath: join(folder(), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  };
  const save = async (suggestedName: string, content: Iterable<string>) => {
    const path = await ask(suggestedName);
    if (path !== null) await write(path, content);
    return path;
  };
  return Object.assign(save, {
    targetFor: async (suggestedName: string) => {
      const path = await ask(suggestedName);
      return path === null ? null : { path };
    },
  });
}
