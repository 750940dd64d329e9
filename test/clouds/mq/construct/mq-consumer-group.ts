// An MQ consumer group as Terraform resources with hooks, on the shared construct base: the
// same lifecycle as an SLS or DMS group. maxInFlight is its one setting, a Settings trigger, so
// changing it updates the group in place.

import { Construct } from "constructs";
import { declareGroup } from "../../../../lib/constructs/app-checks";
import { checkCommonProps } from "../../../../lib/constructs/common-props";
import { groupHookResources } from "../../../../lib/constructs/group-hook-resources";
import type { HookResources } from "../../../../lib/constructs/hook-resources";
import { resolveLocation } from "../../../../lib/constructs/location";
import { checkInteger, checkRule, checkVariableName } from "../../../../lib/constructs/validation";
import { targetOf } from "../../../../lib/contract/target";
import {
  DEFAULT_MQ_CREDENTIAL_SOURCES,
  MQ_MAX_IN_FLIGHT,
  MQ_NAME,
  mqContract,
  mqIdentity,
  type MqEnsurePayload,
  type MqIdentity,
} from "../mq-contract";
import { mqEndpoints } from "../mq-endpoints";
import type { MqConsumerGroupProps } from "./mq-props";

const DEFAULT_MAX_IN_FLIGHT = 100;

export class MqConsumerGroup extends Construct {
  readonly identity: MqIdentity;
  readonly maxInFlight: number;
  readonly region: string;
  readonly endpoint: string;
  readonly resources: HookResources;

  constructor(scope: Construct, id: string, props: MqConsumerGroupProps) {
    super(scope, id);
    this.identity = mqIdentity({
      namespace: checkRule(this, "namespace", props.namespace, MQ_NAME),
      topic: checkRule(this, "topic", props.topic, MQ_NAME),
      name: checkRule(this, "name", props.name, MQ_NAME),
    });
    this.maxInFlight = checkInteger(
      this,
      "maxInFlight",
      props.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      MQ_MAX_IN_FLIGHT.min,
      MQ_MAX_IN_FLIGHT.max,
      "messages",
    );
    const common = checkCommonProps(this, props);
    const credentials =
      props.tokenVariable === undefined
        ? DEFAULT_MQ_CREDENTIAL_SOURCES
        : [{ token: checkVariableName(this, "tokenVariable", props.tokenVariable) }];
    const location = resolveLocation(
      this,
      {
        region: props.region,
        endpoint: props.endpoint,
        allowInsecureHttp: common.allowInsecureHttp,
        identity: this.identity,
      },
      mqEndpoints,
    );
    this.region = location.region;
    this.endpoint = location.endpoint;
    this.resources = groupHookResources<MqEnsurePayload>(this, {
      common,
      cloud: mqContract,
      location,
      identity: this.identity,
      credentials,
      settingsTriggers: { maxInFlight: String(this.maxInFlight) },
      ensureFields: { settings: { maxInFlight: this.maxInFlight } },
    });
    declareGroup(this, mqContract, {
      container: `${this.identity.namespace}/${this.identity.topic}`,
      identity: targetOf(this.identity),
    });
  }
}
