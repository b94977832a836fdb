// npm run bench -- --replay: what if over 10 M stored records (docs/history.md #16): a seeded AWS log
// with flow-direction (512 ENIs, a security group per 64 of them) replayed by `flowlens whatif`
// against a draft that drops the SSH rule and opens 8080; the whole process and the replay alone.
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { fmt } from "./figures";
import { run, show } from "./logs";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const CLI = new URL("../../bin/flowlens.mjs", import.meta.url).pathname;
const ENIS = 512;
const eniIp = (e: number) => `10.0.${e >> 8}.${e & 255}`;

function network(draft: boolean) {
  const groups = Array.from({ length: ENIS / 64 }, (_, g) => ({
    id: `sg-${g}`,
    vpcId: "vpc-bench",
    name: `g${g}`,
    dialect: "aws",
    defaultInbound: "drop",
    defaultOutbound: "accept",
    rules: [
      { id: "https", priority: 1, direction: "in", protocol: "tcp", ports: [443, 443], peer: "0.0.0.0/0", policy: "accept" },
      ...(draft
        ? [{ id: "alt-http", priority: 1, direction: "in", protocol: "tcp", ports: [8080, 8080], peer: "172.16.0.0/12", policy: "accept" }]
        : [{ id: "ssh", priority: 1, direction: "in", protocol: "tcp", ports: [22, 22], peer: "172.16.0.0/12", policy: "accept" }]),
      { id: "dns", priority: 1, direction: "in", protocol: "udp", ports: [53, 53], peer: "10.0.0.0/8", policy: "accept" },
    ],
  }));
  return {
    format: "flowlens-inventory",
    version: 1,
    regions: [{ id: "us-east-1", name: "N. Virginia" }],
    accounts: [{ id: "123456789010", name: "bench" }],
    vpcs: [{ id: "vpc-bench", regionId: "us-east-1", accountId: "123456789010", name: "bench", cidrs: ["10.0.0.0/16"], ipv6Cidrs: [] }],
    vswitches: [{ id: "subnet-bench", vpcId: "vpc-bench", name: "bench", zone: "us-east-1a", cidr: "10.0.0.0/16" }],
    instances: [],
    enis: Array.from({ length: ENIS }, (_, e) => ({
      id: `eni-${e.toString(16).padStart(8, "0")}`,
      vswitchId: "subnet-bench",
      name: `e${e}`,
      ips: [eniIp(e)],
      securityGroupIds: [`sg-${e >> 6}`],
    })),
    securityGroups: groups,
    networkAcls: [],
    ccns: [],
  };
}

/** `lines` records, in and out, of the ENIs above, seeded; gzip. */
async function generate(path: string, lines: number): Promise<void> {
  const gzip = createGzip({ level: 1 });
  const file = createWriteStream(path);
  gzip.pipe(file);
  let seed = 99;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
  const ports = [443, 22, 8080, 53, 3389];
  const write = (s: string) => (gzip.write(s) ? undefined : new Promise<void>((r) => gzip.once("drain", () => r())));
  await write(
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction\n",
  );
  let buf: string[] = [];
  for (let i = 0; i < lines; i++) {
    const e = rand(ENIS),
      t = 1_700_000_000 + Math.floor(i / (lines / 3600));
    const peer = `172.${16 + rand(16)}.${rand(256)}.${rand(256)}`;
    const dport = ports[rand(ports.length)];
    const udp = dport === 53;
    const eni = `eni-${e.toString(16).padStart(8, "0")}`;
    buf.push(
      rand(2)
        ? `5 123456789010 ${eni} ${peer} ${eniIp(e)} ${1024 + rand(60000)} ${dport} ${udp ? 17 : 6} 3 300 ${t} ${t + 5} ACCEPT OK ingress\n`
        : `5 123456789010 ${eni} ${eniIp(e)} ${peer} ${1024 + rand(60000)} ${dport} ${udp ? 17 : 6} 3 300 ${t} ${t + 5} ACCEPT OK egress\n`,
    );
    if (buf.length === 10000) {
      await write(buf.join(""));
      buf = [];
    }
  }
  await write(buf.join(""));
  await new Promise<void>((resolve) => {
    file.on("finish", () => resolve());
    gzip.end();
  });
}

export async function benchReplay(lines = 10_000_000): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const log = join(DATA, `replay-${lines}.log.gz`);
  if (!existsSync(log)) await generate(log, lines);
  const before = join(DATA, "replay-before.json"),
    after = join(DATA, "replay-after.json");
  writeFileSync(before, JSON.stringify(network(false)));
  writeFileSync(after, JSON.stringify(network(true)));
  // The changed records (about a fifth) go to /dev/null: what is measured is the replay, not a pipe's buffer.
  const r = run("/bin/sh", [
    "-c",
    `"${process.execPath}" "${CLI}" whatif "${log}" --inventory "${before}" --against "${after}" > /dev/null`,
  ]);
  const summary = /([\d,]+) records replayed in ([\d.]+) s; ([\d,]+) change action/.exec(r.err);
  const replayed = Number(summary?.[1].replace(/,/g, "") ?? 0),
    seconds = Number(summary?.[2] ?? 0);
  console.log(
    `flowlens whatif ${log} (${lines} records, 512 ENIs, a draft of 8 groups): ${show(r)} in all; ` +
      `the replay ${fmt(seconds)} s for ${replayed} records (${fmt(replayed / seconds / 1e6)} M records/s), ${summary?.[3]} change action`,
  );
}
