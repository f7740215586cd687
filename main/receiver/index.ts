// The webhook receiver's public face.
import { randomBytes } from 'node:crypto';

export { startReceiver } from './server';
export { processEvent, type ProcessResult, type ConfirmedSale } from './process';
export {
  signWebhook,
  signRubySnippet,
  signSortedParams,
  verifySignature,
  SIGNATURE_SCHEMES,
  type SigningTarget,
  type SignatureCheck,
  type SignatureScheme,
} from './signature';
export { sortedParamsFromJson } from './ruby-params';
export { rememberedScheme } from './schemes';
export type { ConfirmedSession, Receiver, ReceiverOptions, ReceiverRoute } from './types';

/** 32 URL-safe random characters: the secret part of an account's webhook path. */
export function receiverToken(): string {
  return randomBytes(24).toString('base64url');
}
