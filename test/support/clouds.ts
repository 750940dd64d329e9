// The clouds the shipped hook serves, for tests that call the readers and commands directly.
export { HOOK_CLOUDS as CLOUDS } from "../../lib/clouds/hook-clouds";
