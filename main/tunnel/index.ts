// The localtunnel lifecycle: connect, watch the public URL, reconnect with backoff.
export type { BackoffOptions } from './backoff';
export {
  DEFAULT_TUNNEL_HOST,
  openTunnel,
  type Tunnel,
  type TunnelOptions,
  type TunnelStateReport,
} from './tunnel';
