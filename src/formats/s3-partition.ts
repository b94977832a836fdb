// Where a record goes in AWS's S3 delivery of flow logs (AWS VPC User Guide, "Flow log files"):
// its account, region and hour, and the file name AWS gives a flow log's file of that hour
// (ACCOUNT_vpcflowlogs_REGION_FLOWLOG_YYYYMMDDTHHmmZ_HASH). The Parquet tree (parquet/hive-export.ts)
// and the gzipped text tree (text-tree-export.ts) lay their files out by it.
import { FlowLensError } from "../model/flowlens-error";
import { text } from "../model/text";
import type { ChunkColumns, TextColumn } from "../storage/record-columns";

export interface PartitionOptions {
  /** The region and account of records that carry none and whose flow log says none. */
  region?: string;
  account?: string;
  /** A flow log's region and account (the control plane's, the inventory's), by the records' flowLogId. */
  flowLog?: (flowLogId: string) => { region?: string; account?: string } | undefined;
}

export interface S3Partition {
  /** The same for every record of one file's hour: account, region, hour, flow log. */
  key: string;
  account: string;
  region: string;
  year: number;
  month: string;
  day: string;
  hour: string;
  /** The file name before its hash: `ACCOUNT_vpcflowlogs_REGION_FLOWLOG_YYYYMMDDTHH00Z`. */
  base: string;
}

const PATH_SAFE = /^[A-Za-z0-9._-]{1,128}$/;
const pad = (n: number) => String(n).padStart(2, "0");

/** A short stable hex hash (FNV-1a) of a text: the file name's last part, as AWS's. */
export function hashHex(s: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The flow log's id in a file name: an AWS id as it is, any other (a file's) as `fl-` and its hash. */
const flowLogName = (id: string) => (/^fl-[0-9a-z]{1,40}$/.test(id) ? id : `fl-${hashHex(id)}`);

/**
 * The partition of record `i` of a chunk (the `recordNo`th of the export, for the error that
 * names it): the record's account and region, else its flow log's, else the options'.
 */
export function s3PartitionOf(c: ChunkColumns, i: number, o: PartitionOptions, recordNo: number): S3Partition {
  const t = (col: TextColumn) => (c.text[col][i] ? c.dict[c.text[col][i]] : null);
  const flowLogId = t("flowLogId") ?? "";
  const fl = o.flowLog?.(flowLogId);
  const regionCode = c.extra?.region?.[i];
  const account = t("account-id") || fl?.account || o.account;
  const region = (regionCode ? c.dict[regionCode] : null) || fl?.region || o.region;
  if (!account || !region)
    throw new FlowLensError("export-partition", text(account ? "export_no_region" : "export_no_account", recordNo, flowLogId));
  for (const v of [account, region])
    if (!PATH_SAFE.test(v)) throw new FlowLensError("export-partition", text("export_bad_path_value", v, recordNo));
  const d = new Date(c.u32.start[i] * 1000);
  const [year, month, day, hour] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours())];
  return {
    key: `${account}|${region}|${year}${month}${day}${hour}|${flowLogId}`,
    account,
    region,
    year,
    month,
    day,
    hour,
    base: `${account}_vpcflowlogs_${region}_${flowLogName(flowLogId)}_${year}${month}${day}T${hour}00Z`,
  };
}
