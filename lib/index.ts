// Public API: re-exports only.
export { SlsConsumerGroup } from "./constructs/sls-consumer-group";
export type { SlsConsumerGroupProps, SlsCredentials } from "./constructs/props";
export { RemovalPolicy } from "./constructs/removal-policy";
export { HookResource } from "./constructs/hook-resource";
export { HookResources, type HookResourcesProps } from "./constructs/hook-resources";
export { ValidationError } from "./constructs/validation";
