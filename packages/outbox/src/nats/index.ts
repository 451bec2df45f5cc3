export {
  DEFAULT_EVENT_STREAM,
  DEFAULT_SUBJECT_PREFIX,
  ensureEventStream,
  eventSubject,
  orderStreamName,
} from './jetstream-stream'
export type { EventStreamOptions, JetStreamStreamAdmin } from './jetstream-stream'
export { createJetStreamTransport, EVENT_HEADERS } from './jetstream-transport'
export type { JetStreamPublisher, JetStreamTransportOptions } from './jetstream-transport'
export { createJetStreamConsumer } from './jetstream-consumer'
export type {
  JetStreamConsumer,
  JetStreamConsumerAdmin,
  JetStreamConsumerClient,
  JetStreamConsumerOptions,
  JetStreamDeadLetter,
} from './jetstream-consumer'
