// The table definitions written beside an exported tree (hive-export.ts): Athena's, with partition
// projection over the tree's own accounts, regions and years (as AWS's "Query flow logs
// using Amazon Athena" integration defines the table for Parquet with Hive-compatible
// prefixes), then Spark's and Trino's over the same folder. BUCKET/PREFIX is where the
// user copies the tree.
import { AWS_PARQUET_COLUMNS, sqlType } from "./aws-parquet-schema";

export interface AwsPartitions {
  accounts: Set<string>;
  regions: Set<string>;
  years: Set<number>;
}

const PARTITION_KEYS = ["aws-account-id", "aws-service", "aws-region", "year", "month", "day", "hour"];
const columns = (quote: (s: string) => string) => AWS_PARQUET_COLUMNS.map((c) => `  ${quote(c.name)} ${sqlType(c.type)}`).join(",\n");
const list = (s: Iterable<string | number>) => [...s].sort().join(",");

export function athenaSql(p: AwsPartitions): string {
  const years = [...p.years].sort();
  const location = "s3://BUCKET/PREFIX/AWSLogs";
  // The location template Athena fills in: `${key}` for each partition key, as Athena's projection writes it.
  const template = `${location}/${PARTITION_KEYS.map((k) => `${k}=\${${k}}`).join("/")}`;
  const projection = [
    ["projection.enabled", "true"],
    ["projection.aws-account-id.type", "enum"],
    ["projection.aws-account-id.values", list(p.accounts)],
    ["projection.aws-service.type", "enum"],
    ["projection.aws-service.values", "vpcflowlogs"],
    ["projection.aws-region.type", "enum"],
    ["projection.aws-region.values", list(p.regions)],
    ["projection.year.type", "integer"],
    ["projection.year.range", `${years[0] ?? 2026},${years[years.length - 1] ?? 2026}`],
    ["projection.month.type", "integer"],
    ["projection.month.range", "01,12"],
    ["projection.month.digits", "2"],
    ["projection.day.type", "integer"],
    ["projection.day.range", "01,31"],
    ["projection.day.digits", "2"],
    ["projection.hour.type", "integer"],
    ["projection.hour.range", "00,23"],
    ["projection.hour.digits", "2"],
    ["storage.location.template", template],
  ];
  const backtick = (s: string) => `\`${s}\``;
  return `-- Flow-log records written by FlowLens as AWS delivers them to S3 (Parquet, Hive-compatible
-- prefixes, hourly partitions). Copy the AWSLogs folder to s3://BUCKET/PREFIX/ and run one of these.

-- Amazon Athena, with partition projection (no MSCK REPAIR needed).
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (
${columns(backtick)}
)
PARTITIONED BY (
${PARTITION_KEYS.map((k) => `  ${backtick(k)} string`).join(",\n")}
)
STORED AS PARQUET
LOCATION '${location}/'
TBLPROPERTIES (
${projection.map(([k, v]) => `  '${k}' = '${v}'`).join(",\n")}
);

-- Apache Spark SQL: the partitions are found from the folder names.
CREATE TABLE IF NOT EXISTS vpc_flow_logs
USING parquet
OPTIONS (path '${location}/', recursiveFileLookup 'false');

-- Trino (Hive connector); then: CALL system.sync_partition_metadata('default', 'vpc_flow_logs', 'ADD');
CREATE TABLE IF NOT EXISTS hive.default.vpc_flow_logs (
${columns((s) => `"${s}"`).replace(/ string/g, " varchar")},
${PARTITION_KEYS.map((k) => `  "${k}" varchar`).join(",\n")}
)
WITH (
  external_location = '${location}/',
  format = 'PARQUET',
  partitioned_by = ARRAY[${PARTITION_KEYS.map((k) => `'${k}'`).join(", ")}]
);
`;
}
