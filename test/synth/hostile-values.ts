// Hostile values and the factories the hostile-input tests synthesize them with.

import {
  DmsQueueConsumerGroup,
  SlsConsumerGroup,
  type DmsQueueConsumerGroupProps,
  type SlsConsumerGroupProps,
} from "../../lib";
import {
  BASE,
  newApp,
  newStack,
  synthesized,
  type Executor,
  type Synthesized,
} from "./synth-helpers";

export const TEN_KB = "a".repeat(10_240);

/** Hostile strings, by what they try. */
export const HOSTILE: Readonly<Record<string, string>> = {
  "a double quote": 'orders"; rm -rf /; "',
  "a single quote": "orders' || true",
  "command substitution": "$(touch /tmp/pwned)",
  backticks: "`touch /tmp/pwned`",
  "a newline": "orders\nreader",
  "a carriage return": "orders\rreader",
  "a NUL": "orders\u0000reader",
  "an ANSI escape": "\u001b[2J\u001b[31morders",
  "unicode (bidi override and emoji)": "orders\u202egnp.exe😀",
  "non-ASCII letters": "bestellungen-ä",
  "10 kB": TEN_KB,
  "Terraform interpolation": '${file("/etc/passwd")}',
  "Terraform directive": "%{ if true }x%{ endif }",
  "an escaped-looking interpolation": '$${file("/etc/passwd")}',
  "a Terraform reference": "${self.triggers_replace}",
  "an empty string": "",
};

export type Factory = (props: Record<string, unknown>) => Synthesized;

/** An SLS group named Reader in a fresh stack under `executor`, with BASE and `props`. */
export function slsFactory(executor?: Executor): Factory {
  return (props) => {
    const stack = newStack(newApp(executor));
    new SlsConsumerGroup(stack, "Reader", { ...BASE, ...props } as SlsConsumerGroupProps);
    return synthesized(stack);
  };
}

const DMS_BASE: DmsQueueConsumerGroupProps = {
  region: "cn-north-4",
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  queue: { name: "billing" },
  name: "billing-workers",
};

/** A DMS group named Reader in a fresh stack under `executor`, with DMS_BASE and `props`. */
export function dmsFactory(executor?: Executor): Factory {
  return (props) => {
    const stack = newStack(newApp(executor));
    new DmsQueueConsumerGroup(stack, "Reader", {
      ...DMS_BASE,
      ...props,
    } as DmsQueueConsumerGroupProps);
    return synthesized(stack);
  };
}

/** Runs `synth` and returns its ValidationError's message, failing when there is none. */
export function validationMessage(synth: () => unknown): string {
  try {
    synth();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe("ValidationError");
    return (e as Error).message;
  }
  throw new Error("expected a ValidationError, but synth succeeded");
}

/** The message names path and prop, and quotes the value as printable ASCII, cut when long. */
export function expectSafeMessage(message: string, prop: string): void {
  expect(message.startsWith(`stack/Reader: ${prop} `)).toBe(true);
  // No raw control character, newline, bidi override or emoji: the value is JSON-escaped.
  expect(message).toMatch(/^[\x20-\x7e…]*$/);
  expect(message.length).toBeLessThan(700);
  expect(message).toContain(" must be ");
}
