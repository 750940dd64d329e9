// When a GetCheckPoint checkpoint was committed. The API reference says `updateTime` is in
// seconds; the answers the service gives (and the emulator, by default) are in microseconds.
// The magnitude tells them apart for any date between 1973 and 5138.

/**
 * Milliseconds since the epoch of an `updateTime` in seconds, milliseconds or microseconds; 0
 * (never committed) stays 0.
 */
export function checkpointTimeMs(updateTime: number): number {
  if (!(updateTime > 0)) return 0;
  if (updateTime >= 1e14) return Math.floor(updateTime / 1000); // microseconds
  if (updateTime >= 1e11) return Math.floor(updateTime); // milliseconds
  return Math.floor(updateTime * 1000); // seconds
}
