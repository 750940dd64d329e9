// The hook program of the tests' build: every registered cloud plus MQ, one registry line.

import { HOOK_CLOUDS } from "../../../lib/clouds/hook-clouds";
import { main } from "../../../lib/hook/main";
import { mqService } from "./mq-service";

main([...HOOK_CLOUDS, mqService]);
