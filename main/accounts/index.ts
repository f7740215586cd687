// Accounts: which Quaderno the console talks to, and with which key. Keys live in the OS
// keychain (or the environment for headless use), never in SQLite.
export {
  cliSandboxCredentials,
  lastCliSandbox,
  NO_CLI_SANDBOX,
  rememberCliSandbox,
  withCliSandboxKey,
} from './cli-sandbox';
export { createAccountHandlers, type AccountHandlers } from './handlers';
export { keychainName } from './key-name';
export {
  openAccounts,
  settingProblems,
  type OpenAccountsOptions,
  type OpenedAccounts,
} from './open';
export { createSandboxHost, NEW_SANDBOX_PROFILE, type SandboxHost } from './sandbox-host';
export { createAccounts, toAccount, type AccountsDeps, type AccountsService } from './service';
