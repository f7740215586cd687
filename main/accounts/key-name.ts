/** The keychain entry holding the API key of the account at `apiUrl`. */
export const keychainName = (apiUrl: string): string => `api-key:${apiUrl}`;
