// Public API: re-exports only.
export { SlsConsumerGroup } from "./clouds/alibaba/sls/construct/sls-consumer-group";
export { DmsQueueConsumerGroup } from "./clouds/huawei/dms/construct/dms-queue-consumer-group";
export type {
  SlsConsumerGroupProps,
  SlsCredentials,
} from "./clouds/alibaba/sls/construct/sls-props";
export type {
  DmsQueueConsumerGroupProps,
  DmsCredentials,
  DmsAccessKeyCredentials,
  DmsTokenCredentials,
  DmsQueueRef,
} from "./clouds/huawei/dms/construct/dms-props";
export type { ConsumerGroupCommonProps } from "./constructs/common-props";
export { RemovalPolicy } from "./constructs/removal-policy";
export { DeletionProtection } from "./constructs/deletion-protection";
export { HookResource } from "./constructs/hook-resource";
export { HookResources, type HookResourcesProps } from "./constructs/hook-resources";
export { DEFAULT_EXECUTOR, EXECUTOR_CONTEXT, type Executor } from "./constructs/group-reconciler";
export { ValidationError } from "./constructs/validation";
