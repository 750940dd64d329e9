// Synth-time checks of construct props. Every message reads
// "<construct path>: <prop> <bad value> must be <rule>", so a user can find and fix it.

import type { IConstruct } from "constructs";
import { ENV_NAME, FILE_PATH, type Rule } from "../contract/rules";
import { looksLikeKey, redactMessage } from "../contract/redact";
import { showValue } from "../contract/show-value";
import { LocationError, checkEndpointValue } from "../contract/location-rules";

/**
 * A prop value a construct cannot synthesize; the message starts with the construct path, and
 * URL user info in it is masked (contract/redact.ts).
 */
export class ValidationError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(redactMessage(`${scope.node.path}: ${message}`));
    this.name = "ValidationError";
  }
}

export function checkRule(scope: IConstruct, prop: string, value: unknown, rule: Rule): string {
  if (typeof value !== "string" || !rule.test(value)) {
    throw new ValidationError(scope, `${prop} ${showValue(value)} must be ${rule.text}`);
  }
  return value;
}

/**
 * Checks a prop that names an environment variable (`accessKeySecretVariable`, …). A value
 * shaped like a key itself (see `looksLikeKey`) is refused without being repeated, so a key
 * pasted there never reaches `cdk.tf.json`, state or a log.
 */
export function checkVariableName(scope: IConstruct, prop: string, value: unknown): string {
  if (looksLikeKey(value)) {
    throw new ValidationError(
      scope,
      `${prop} looks like a key itself (an AccessKey id or secret), not the name of an ` +
        "environment variable; the value is not shown. Give the name of the variable that " +
        `holds the key, e.g. ${prop}: "PROD_ACCESS_KEY_SECRET", set that variable in the ` +
        "environment of the deploy, and rotate the key if it was committed anywhere",
    );
  }
  return checkRule(scope, prop, value, ENV_NAME);
}

/** Checks a file path prop (the contract's FILE_PATH rule). */
export function checkFilePath(scope: IConstruct, prop: string, value: unknown): string {
  return checkRule(scope, prop, value, FILE_PATH);
}

export function checkInteger(
  scope: IConstruct,
  prop: string,
  value: unknown,
  min: number,
  max: number,
  unit: string,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? `a whole number of ${unit} from ${min}`
        : `a whole number of ${unit} from ${min} to ${max}`;
    throw new ValidationError(scope, `${prop} ${showValue(value)} must be ${range}`);
  }
  return value;
}

/**
 * Checks an endpoint URL and returns it parsed (lib/contract/location-rules.ts says what it
 * must be).
 */
export function checkEndpoint(
  scope: IConstruct,
  prop: string,
  value: unknown,
  allowInsecureHttp: boolean,
): URL {
  try {
    return checkEndpointValue(prop, value, allowInsecureHttp);
  } catch (e) {
    throw e instanceof LocationError ? new ValidationError(scope, e.message) : e;
  }
}
