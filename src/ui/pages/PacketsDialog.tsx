// A record's packets, as Wireshark lists them (time, addresses, ports, protocol, length,
// TCP flags), with the connection's replies if wanted, saved as a pcap Wireshark opens.
// The capture is read from its kept handle, or chosen again here (and checked to be the
// same file by its content).
import { type Packet, type PacketList, packetAt } from "../../engine/packet-list";
import { Dialog } from "../components/Dialog";
import { ErrorBox } from "../components/Field";
import { type Column, VirtualTable } from "../components/VirtualTable";
import { errorText, formatBytes, formatCount, formatTime, t, tn } from "../i18n";
import type { PacketsState, RecordPackets } from "../models/record-packets";
import { protocolName } from "./record-columns";

const FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"];

/** TCP flags as Wireshark writes them: `[SYN, ACK]`. */
export function flagText(flags: number): string {
  const on = FLAG_NAMES.filter((_, bit) => flags & (1 << bit));
  return on.length ? `[${on.join(", ")}]` : "";
}

const packetTime = (us: number) => {
  const s = Math.floor(us / 1e6);
  return `${formatTime(s)}.${String(Math.round(us - s * 1e6)).padStart(6, "0")}`;
};

type Row = Packet & { n: number };

function columns(s: PacketsState): Column<Row>[] {
  const q = s.request!;
  const ends = (p: Row) => (p.reply ? [q.dstaddr, q.srcaddr] : [q.srcaddr, q.dstaddr]);
  const ports = (p: Row) => (p.reply ? [q.dstport, q.srcport] : [q.srcport, q.dstport]);
  const ported = q.protocol === 6 || q.protocol === 17 || q.protocol === 132;
  return [
    { key: "no", label: t("packetNumber"), width: 56, render: (p) => p.n + 1, sortable: false },
    { key: "time", label: t("packetTime"), width: 200, render: (p) => packetTime(p.us), sortable: false },
    { key: "src", label: t("packetSource"), width: 150, render: (p) => ends(p)[0], text: (p) => ends(p)[0], sortable: false },
    { key: "sport", label: t("packetSourcePort"), width: 72, render: (p) => (ported ? ports(p)[0] : ""), sortable: false },
    { key: "dst", label: t("packetDestination"), width: 150, render: (p) => ends(p)[1], text: (p) => ends(p)[1], sortable: false },
    { key: "dport", label: t("packetDestinationPort"), width: 72, render: (p) => (ported ? ports(p)[1] : ""), sortable: false },
    { key: "proto", label: t("packetProtocol"), width: 80, render: () => protocolName(q.protocol), sortable: false },
    { key: "len", label: t("packetLength"), width: 64, render: (p) => p.origlen, sortable: false },
    { key: "flags", label: t("packetFlags"), width: 140, render: (p) => flagText(p.flags), sortable: false },
  ];
}

function PacketTable(props: { s: PacketsState; list: PacketList }) {
  const { s, list } = props;
  return (
    <VirtualTable<Row>
      total={list.count}
      columns={columns(s)}
      rowAt={(i) => ({ ...packetAt(list, i), n: i })}
      onView={() => {}}
      selected={null}
      onSelect={() => {}}
      label={t("packetsTable")}
      height={360}
    />
  );
}

export function PacketsDialog(props: { model: RecordPackets; state: PacketsState }) {
  const { model, state: s } = props;
  const c = s.capture!;
  const q = s.request;
  const ported = q && (q.protocol === 6 || q.protocol === 17 || q.protocol === 132);
  const end = (a: string, port: number) => (ported ? `${a}:${port}` : a);
  const title = q ? t("packetsOfFlow", end(q.srcaddr, q.srcport), end(q.dstaddr, q.dstport), protocolName(q.protocol)) : t("packetsOpen");
  const error = s.error === null ? null : typeof s.error === "string" ? s.error : errorText(s.error);
  return (
    <Dialog title={title} onClose={() => model.close()} testId="packets" wide>
      {s.phase === "reading" && <p aria-live="polite">{t("packetsReading", c.name)}</p>}
      {s.phase === "choose" && (
        <div class="row">
          <p>{t("packetsWhy", c.name)}</p>
          <label class="button primary">
            {t("packetsChoose", c.name, formatBytes(c.size))}
            <input
              type="file"
              class="hidden-input"
              data-testid="packets-file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = "";
                if (file) void model.choose(file);
              }}
            />
          </label>
        </div>
      )}
      <ErrorBox error={error} testId="packets-error" />
      {s.phase === "ready" && s.packets && (
        <>
          <div class="toolbar">
            <p data-testid="packets-count">
              {s.packets.total > s.packets.count
                ? t("packetsFirstOf", formatCount(s.packets.count), formatCount(s.packets.total))
                : tn("packetsCount", s.packets.count)}
            </p>
            <label>
              <input type="checkbox" checked={s.replies} onChange={(e) => void model.setReplies(e.currentTarget.checked)} />{" "}
              {t("packetsReplies")}
            </label>
            <button
              type="button"
              class="primary"
              disabled={s.saving || !s.packets.count}
              onClick={() => void model.save()}
              data-testid="packets-save"
            >
              {t("packetsSave")}
            </button>
          </div>
          <PacketTable s={s} list={s.packets} />
        </>
      )}
      <div class="actions">
        <button type="button" onClick={() => model.close()} data-testid="packets-close">
          {t("close")}
        </button>
      </div>
    </Dialog>
  );
}
