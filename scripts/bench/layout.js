// Where the benchmark stacks put their groups: 25 SLS consumer groups a logstore (SLS allows
// 30), logstores bench-00, bench-01, … of project shop-prod; the emulator serves 48 of them.
"use strict";

const GROUPS_PER_LOGSTORE = 25;
const LOGSTORES = 48;

/** Logstore of the i-th group of a stack whose first logstore is bench-<offset>. */
function logstoreOf(i, offset = 0) {
  return `bench-${String(offset + Math.floor(i / GROUPS_PER_LOGSTORE)).padStart(2, "0")}`;
}

/** Logstores a stack of n groups uses. */
function logstoresFor(n) {
  return Math.ceil(n / GROUPS_PER_LOGSTORE);
}

module.exports = { GROUPS_PER_LOGSTORE, LOGSTORES, logstoreOf, logstoresFor };
