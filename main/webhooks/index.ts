// Webhook registration: one Quaderno webhook per account, owned by this console.
export { authKeyName } from './auth-keys';
export { assertAnswersHead } from './head-check';
export {
  CHECKOUT_EVENTS,
  REFUND_EVENT,
  WEBHOOK_EVENTS,
  createRegistrar,
  type EnsureResult,
  type Registrar,
  type RegistrarDeps,
} from './registrar';
