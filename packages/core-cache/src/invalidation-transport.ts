/** Receives the keys another instance invalidated, with that instance's id. Should not throw. */
export type InvalidationListener = (keys: readonly string[], origin: string) => void

/** Stops a subscription; resolves once nothing more will be delivered. */
export type InvalidationUnsubscribe = () => Promise<void>

/**
 * The port that carries cache invalidations between server instances (PostgreSQL NOTIFY, Redis
 * pub/sub, or in process). Delivery is best effort: a message sent while an instance was
 * disconnected is lost, so entry TTLs bound how stale a missed invalidation can leave a value.
 *
 * Every message carries its sender's `origin` so that a cache can ignore its own echo.
 */
export interface InvalidationTransport {
  /** Sends `keys` to every subscriber (the sender's own included); resolves once handed over. */
  publish(keys: readonly string[], origin: string): Promise<void>
  /** Starts delivering messages to `onKeys`; resolves once listening. */
  subscribe(onKeys: InvalidationListener): Promise<InvalidationUnsubscribe>
}
