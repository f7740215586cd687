// Secrets: the OS keychain through keytar, plus headless credentials from the environment.
export { createKeychain, type KeychainOptions } from './keychain';
export { credentialsFromEnv, ENV_API_KEY, ENV_API_URL } from './env';
export { createMemorySecrets } from './memory';
export type { KeytarLike, SecretStore } from './types';
