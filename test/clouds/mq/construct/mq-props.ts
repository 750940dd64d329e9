// The props of an MqConsumerGroup.

import type { ConsumerGroupCommonProps } from "../../../../lib/constructs/common-props";

export interface MqConsumerGroupProps extends ConsumerGroupCommonProps {
  /** Namespace of the topic. Part of the identity. */
  readonly namespace: string;
  /** Topic that holds the group. Part of the identity. */
  readonly topic: string;
  /** Group name. Part of the identity: changing it deletes the old group. */
  readonly name: string;
  /** Messages a consumer may hold unacknowledged; updated in place. @default 100 */
  readonly maxInFlight?: number;
  /** Region id. @default - derived from the endpoint */
  readonly region?: string;
  /** Endpoint base URL. @default - `https://mq.{region}.example.test` */
  readonly endpoint?: string;
  /** Variable holding the bearer token. @default "MQ_TOKEN" */
  readonly tokenVariable?: string;
}
