// Entry point of the bundled hook (scripts/bundle-hook.js): run over every cloud, then exit.
import { HOOK_CLOUDS } from "../clouds/hook-clouds";
import { main } from "./main";

main(HOOK_CLOUDS);
