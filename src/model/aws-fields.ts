// The fields AWS added to its flow-log records after version 2 (docs/rules.md §3) that none of
// a record's fixed fields holds: a file that names them keeps them, in the chunks that carry
// them only (record-columns.ts), and export writes them back. pkt-srcaddr and pkt-dstaddr
// are addresses; traffic-path and encryption-status small numbers; the rest ids and words.
// vpc-id, subnet-id, instance-id and tcp-flags (v3) have fixed fields of their own.

/** By the version that introduced them, in the order AWS's field table lists them. */
export const EXTRA_TEXT_FIELDS = [
  "type",
  "pkt-srcaddr",
  "pkt-dstaddr",
  "region",
  "az-id",
  "sublocation-type",
  "sublocation-id",
  "pkt-src-aws-service",
  "pkt-dst-aws-service",
  "flow-direction",
  "ecs-cluster-arn",
  "ecs-cluster-name",
  "ecs-container-instance-arn",
  "ecs-container-instance-id",
  "ecs-container-id",
  "ecs-second-container-id",
  "ecs-service-name",
  "ecs-task-definition-arn",
  "ecs-task-arn",
  "ecs-task-id",
  "reject-reason",
  "resource-id",
] as const;
export const EXTRA_NUMBER_FIELDS = ["traffic-path", "encryption-status"] as const;
export type ExtraTextField = (typeof EXTRA_TEXT_FIELDS)[number];
export type ExtraNumberField = (typeof EXTRA_NUMBER_FIELDS)[number];
export type ExtraField = ExtraTextField | ExtraNumberField;

/** A record's extra fields: present only where its file carried a value ("-" leaves it out). */
export type ExtraFields = { [K in ExtraTextField]?: string } & { [K in ExtraNumberField]?: number };

const TEXT_SET = new Set<string>(EXTRA_TEXT_FIELDS);
const NUMBER_SET = new Set<string>(EXTRA_NUMBER_FIELDS);
export const isExtraText = (f: string): f is ExtraTextField => TEXT_SET.has(f);
export const isExtraNumber = (f: string): f is ExtraNumberField => NUMBER_SET.has(f);
