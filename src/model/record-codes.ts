// A record's direction, action and log-status as the small numbers typed columns hold
// (record rows, chunk columns): one definition, the names by index.
export const DIRECTIONS = [null, "in", "out"] as const;
export const ACTIONS = [null, "ACCEPT", "REJECT"] as const;
export const STATUSES = ["OK", "NODATA", "SKIPDATA"] as const;

export const DIRECTION_NONE = 0,
  DIRECTION_IN = 1,
  DIRECTION_OUT = 2;
export const ACTION_NONE = 0,
  ACTION_ACCEPT = 1,
  ACTION_REJECT = 2;
export const STATUS_OK = 0,
  STATUS_NODATA = 1,
  STATUS_SKIPDATA = 2;

/** IP protocol numbers by the names the consoles print. */
export const PROTOCOL_NAMES: Record<number, string> = { 1: "ICMP", 6: "TCP", 17: "UDP", 47: "GRE", 50: "ESP", 58: "ICMPv6", 132: "SCTP" };

/** The log-status names, for checking a file's field. */
export const STATUS_NAMES: ReadonlySet<string> = new Set(STATUSES);
