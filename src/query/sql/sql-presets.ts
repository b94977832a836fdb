// Queries to start from (SPEC §9): those AWS's Athena integration for VPC flow logs ships (its
// TopTalkers, RejectedTraffic, AdminPortTraffic, SshRdpTraffic, IPv4/IPv6 and TotalBytes queries,
// here over `records`), and some of FlowLens's own analyses written as SQL.
export interface SqlPreset {
  /** A message key for its name. */
  key: string;
  query: string;
}

export const SQL_PRESETS: SqlPreset[] = [
  {
    key: "sqlTopTalkers",
    query: "* | SELECT srcaddr, dstaddr, sum(bytes) AS bytes GROUP BY srcaddr, dstaddr ORDER BY bytes DESC LIMIT 10",
  },
  {
    key: "sqlRejectedTraffic",
    query: "action: REJECT | SELECT srcaddr, dstaddr, dstport, protocol, count(*) AS records GROUP BY ALL ORDER BY records DESC LIMIT 20",
  },
  {
    key: "sqlAdminPortTraffic",
    query:
      "* | SELECT dstport, count(*) AS records, sum(bytes) AS bytes WHERE dstport IN (22, 23, 3389, 5900) " +
      "GROUP BY dstport ORDER BY records DESC",
  },
  {
    key: "sqlSshRdpTraffic",
    query:
      "* | SELECT srcaddr, dstport, action, count(*) AS records WHERE dstport IN (22, 3389) GROUP BY ALL ORDER BY records DESC LIMIT 20",
  },
  {
    key: "sqlIpFamilies",
    query:
      "* | SELECT CASE WHEN srcaddr LIKE '%:%' THEN 'IPv6' ELSE 'IPv4' END AS family, " +
      "count(*) AS records, sum(bytes) AS bytes GROUP BY family",
  },
  { key: "sqlTotalBytes", query: "* | SELECT sum(bytes) AS bytes, sum(packets) AS packets, count(*) AS records" },
  { key: "sqlBytesOverTime", query: '* | SELECT to_timestamp("window") AS time, sum(bytes) AS bytes GROUP BY time ORDER BY time' },
  { key: "sqlRejectsByRule", query: "action: REJECT | SELECT rule_id, count(*) AS records GROUP BY rule_id ORDER BY records DESC" },
];
