// `flowlens whatif`, `rules` and `verify` as a user runs them, on the real veth capture and the
// network of the records tests (B serves 8080 to A only; A's ACL refuses outbound ICMP).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowlens as run } from "../support/cli";

const CAPTURE = new URL("../files/tcpdump-veth.pcap", import.meta.url).pathname;
const NETWORK = JSON.parse(readFileSync(new URL("../files/veth-network.json", import.meta.url), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "flowlens-rules-"));
const write = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
};
const BEFORE = write("before.json", NETWORK);
const lines = (out: string) =>
  out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("flowlens whatif, rules and verify", () => {
  it("replays the capture against the same network with no change, and every rule's use is counted", () => {
    const same = run("whatif", CAPTURE, "--inventory", BEFORE, "--against", BEFORE);
    expect(same.code).toBe(0);
    expect(same.out).toBe("");
    expect(same.err).toMatch(/^23 records replayed in [\d.]+ s; 0 change action\n$/);
    const rules = run("rules", CAPTURE, "--inventory", BEFORE);
    expect(rules.code).toBe(0);
    const byId = Object.fromEntries(lines(rules.out).map((r) => [r["rule-id"], r]));
    expect(byId["sg-server/deny-ping"]).toMatchObject({ policy: "drop", records: 2, unused: false, "shadowed-by": null });
    expect(byId["sg-server/allow-web"]).toMatchObject({ policy: "accept", records: 1, packets: 5, bytes: 286 });
  });

  it("lists the records an edit changes, with the rule before and after, and says it in words", () => {
    const edited = structuredClone(NETWORK);
    const server = edited.securityGroups.find((g: { id: string }) => g.id === "sg-server");
    server.rules = server.rules.filter((r: { id: string }) => r.id !== "deny-ping");
    server.rules.push({ id: "ping-ok", priority: 5, direction: "in", protocol: "icmp", peer: "10.77.0.0/24", policy: "accept" });
    const r = run("whatif", CAPTURE, "--inventory", BEFORE, "--against", write("after.json", edited), "--format", "jsonl");
    expect(r.code).toBe(0);
    const changed = lines(r.out);
    expect(changed.map((x) => [x["interface-id"], x.protocol, x.before, x.after, x["before-rule"], x["after-rule"]])).toEqual([
      ["eni-server", 1, "REJECT", "ACCEPT", "sg-server/deny-ping", "sg-server/ping-ok"],
      ["eni-server", 1, "REJECT", "ACCEPT", "sg-server/deny-ping", "sg-server/ping-ok"],
    ]);
    expect(r.err).toContain("sg-server/ping-ok accepts 2 records rejected today by sg-server/deny-ping");
  });

  it("tells which rule decides one packet, step by step", () => {
    const r = run(
      "verify",
      "--inventory",
      BEFORE,
      "--eni",
      "eni-server",
      "--direction",
      "in",
      "--protocol",
      "tcp",
      "--peer",
      "10.77.0.1",
      "--port",
      "8080",
    );
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toEqual([
      "eni-server in, protocol 6 port 8080, peer 10.77.0.1:",
      "  security groups sg-server:",
      "    sg-server/allow-web (priority 1: accept tcp 8080-8080 from 10.77.0.0/24): matches",
      "    decided by sg-server/allow-web: accept",
      "verdict: ACCEPT",
    ]);
    const bad = run("verify", "--inventory", BEFORE, "--eni", "eni-nope", "--direction", "in", "--protocol", "tcp", "--peer", "10.77.0.1");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--eni eni-nope: no such ENI in the inventory");
  });

  it("refuses what it cannot use", () => {
    expect(run("whatif", CAPTURE, "--inventory", BEFORE).err).toContain("--against names the network to replay against");
    expect(run("rules", CAPTURE).err).toContain("--inventory names the network whose rules decide");
  });
});
