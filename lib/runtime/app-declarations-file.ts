// The app's declarations as synth wrote them next to the stack (lib/contract/
// app-declarations.ts), read from the hook's working directory: Terraform runs local-exec in
// the stack directory, where the hook program's own relative path points from too.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  APP_DECLARATIONS_FILE,
  parseAppDeclarations,
  type AppDeclarations,
} from "../contract/app-declarations";

/** The declarations in `dir`, or undefined when synth wrote none (no group of the stack needs them). */
export function readAppDeclarations(dir: string = process.cwd()): AppDeclarations | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, APP_DECLARATIONS_FILE), "utf8");
  } catch {
    return undefined;
  }
  return parseAppDeclarations(text);
}
