// Entry point of the bundled hook (scripts/bundle-hook.js): run, then exit.
import { main } from "./main";

main();
