// The DMS consumer-group name rule (dms-queue-api.md §1.1, API page dms-api-0312009: "1 to 32
// characters that contain letters, digits, hyphens (-), and underscores (_)").
// Kept here until it moves to lib/spec/rules.ts beside SLS_GROUP_NAME.

import type { Rule } from "../../spec/rules";

export const DMS_GROUP_NAME: Rule = {
  test: (value) => /^[A-Za-z0-9_-]{1,32}$/.test(value),
  text: "1-32 characters of A-Z, a-z, 0-9, _ or -",
};
