// The other clouds' files given to the CLI as a user gives them: CloudWatch pages with the
// flow log's format (--log-format), GCP and Azure JSON into AWS text that keeps their ids,
// and AWS text of a later version written back with every field it carried.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flowlens as run } from "../support/cli";

const file = (name: string) => new URL(`../files/logs/${name}`, import.meta.url).pathname;
const V2 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const FORMAT = readFileSync(file("cloudwatch-get-log-events-custom.format"), "utf8").trim();

describe("flowlens with CloudWatch, GCP and Azure files", () => {
  it("searches CloudWatch events in the format --log-format gives", () => {
    const r = run(
      "search",
      file("cloudwatch-get-log-events-custom.json"),
      "--log-format",
      FORMAT,
      "--query",
      "dstport: 5001",
      "--format",
      "jsonl",
    );
    expect(r.err).toContain("2 of 3 records match");
    expect(r.code).toBe(0);
    const found = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(found.map((x) => [x.srcaddr, x["vpc-id"], x["instance-id"], x.bytes])).toEqual([
      ["52.213.180.42", "vpc-abcdefab012345678", "i-01234567890123456", 568],
      ["52.213.180.42", "vpc-abcdefab012345678", "i-01234567890123456", 100701],
    ]);
  });

  it("without --log-format, says a custom format needs one (exit code 1); a bad format is bad usage (exit code 2)", () => {
    const r = run("records", file("cloudwatch-get-log-events-custom.json"), "--format", "jsonl");
    expect(r.code).toBe(1);
    expect(r.err).toContain("$.events[0].message");
    expect(r.err).toContain("--log-format");
    const bad = run("records", file("cloudwatch-filter-log-events.json"), "--log-format", `\${version} \${bogus}`);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--log-format: the log format names "bogus", which is no field of AWS\'s flow logs');
  });

  it("writes Azure NSG v2 as AWS text, each direction a record, REJECTs kept, the rule searchable", () => {
    const r = run("records", file("azure-nsg-v2-PT1H.json"), "--format", "aws");
    expect(r.code).toBe(0);
    const [header, ...lines] = r.out.trim().split("\n");
    expect(header).toBe(`${V2} vpc-id subnet-id flow-direction`);
    expect(lines).toHaveLength(8);
    // The answer of tuple 4 (E, 1 packet and 66 bytes each way): its own record, in.
    expect(lines[4]).toBe(
      `2 ${SUBSCRIPTION} 000D3AF87856 203.0.113.117 10.5.16.4 443 59932 6 1 66 1542110379 1542110379 ACCEPT OK - - ingress`,
    );
    const denied = run("search", file("azure-nsg-v2-PT1H.json"), "--query", "rule-id: DefaultRule_DenyAllInBound", "--format", "jsonl");
    expect(
      denied.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).action),
    ).toEqual(["REJECT", "REJECT"]);
  });

  it("writes GCP entries as AWS text with the reporting VM's names as ids", () => {
    const r = run("records", file("gcp-vpc-flows.jsonl"), "--format", "aws");
    expect(r.code).toBe(0);
    const [header, first] = r.out.trim().split("\n");
    expect(header.split(" ").slice(14)).toEqual(["vpc-id", "subnet-id", "instance-id", "region", "az-id", "flow-direction"]);
    expect(first.split(" ")).toEqual([
      ..."2 flowlens-demo web-1 35.235.241.10 10.128.0.3 48906 22 6 40 7488 1714557600 1714557605 ACCEPT OK".split(" "),
      ..."default default web-1 us-central1 us-central1-a ingress".split(" "),
    ]);
  });

  it("writes AWS text of version 10 back with all 42 fields, line for line", () => {
    const r = run("records", file("aws-v10-all-fields.log"), "--format", "aws");
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(file("aws-v10-all-fields.log"), "utf8"));
  });
});
