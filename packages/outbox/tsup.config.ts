import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// Two entries: the outbox itself, and the optional NATS JetStream transport (its own peers).
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/nats/index.ts'] })
