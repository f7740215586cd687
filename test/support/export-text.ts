// A saved export's text in one string: savers receive it in chunks (main/sales/export-save.ts).
export const exportText = (content: Iterable<string>): string => [...content].join('');
