// Saving a CSV export through the OS save dialog (the console's saveFile in the app).
import { join } from 'node:path';

export interface SaveDialogLike {
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: Array<{ name: string; extensions: string[] }>;
  }): Promise<{ canceled: boolean; filePath?: string | undefined }>;
}

/** The console's saveFile for the app: ask where, then write; null when cancelled. */
export function saveThroughDialog(
  dialog: SaveDialogLike,
  folder: () => string,
  write: (path: string, content: Iterable<string>) => Promise<void>,
): (suggestedName: string, content: Iterable<string>) => Promise<string | null> {
  return async (suggestedName, content) => {
    const choice = await dialog.showSaveDialog({
      title: 'Export CSV',
      defaultPath: join(folder(), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    if (choice.canceled || !choice.filePath) return null;
    await write(choice.filePath, content);
    return choice.filePath;
  };
}
