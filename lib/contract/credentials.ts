// The credential part of a payload: names of environment variables, never values.

import { envName, record } from "./fields";
import type { DmsCredentialSource, SlsCredentialSource } from "./names";
import { PayloadError } from "./payload-error";

function credentialList(value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PayloadError("credentials must be a non-empty list of environment variable names");
  }
  return value;
}

export function readSlsCredentialSources(value: unknown): SlsCredentialSource[] {
  return credentialList(value).map((item, i) => {
    const o = record(item, `credentials[${i}]`);
    const token = o["securityToken"];
    return {
      accessKeyId: envName(o["accessKeyId"], `credentials[${i}].accessKeyId`),
      accessKeySecret: envName(o["accessKeySecret"], `credentials[${i}].accessKeySecret`),
      ...(token === undefined
        ? {}
        : { securityToken: envName(token, `credentials[${i}].securityToken`) }),
    };
  });
}

export function readDmsCredentialSources(value: unknown): DmsCredentialSource[] {
  return credentialList(value).map((item, i) => {
    const o = record(item, `credentials[${i}]`);
    if (o["iamToken"] !== undefined) {
      return { iamToken: envName(o["iamToken"], `credentials[${i}].iamToken`) };
    }
    const token = o["securityToken"];
    return {
      accessKey: envName(o["accessKey"], `credentials[${i}].accessKey`),
      secretKey: envName(o["secretKey"], `credentials[${i}].secretKey`),
      ...(token === undefined
        ? {}
        : { securityToken: envName(token, `credentials[${i}].securityToken`) }),
    };
  });
}
