/**
 * TCP keep-alive for every connection core-db opens, probing after 10 s of silence (without it
 * nothing probes, and with the OS default idle time, only after two hours), so a connection whose
 * peer vanished without a word (a half-open connection) eventually errors instead of hanging.
 */
export const keepAlive: { readonly keepAlive: true; readonly keepAliveInitialDelayMillis: number } =
  {
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  }
