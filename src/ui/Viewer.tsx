// The viewer page's frame: navigation (Flow logs, Inventory, Import, Records, Report) by
// the URL's hash, and a drop target over the whole page that sends files to Import.
import { useEffect, useMemo, useState } from "preact/hooks";
import { droppedFiles } from "./file-handles";
import { t } from "./i18n";
import { type App, AppContext } from "./models/app";
import type { ImportQueue } from "./models/import-queue";
import { FlowLogsPage } from "./pages/FlowLogsPage";
import { ImportPage } from "./pages/ImportPage";
import { InventoryPage } from "./pages/InventoryPage";
import { RecordsPage, type RecordsParams } from "./pages/RecordsPage";
import { ReportPage } from "./pages/ReportPage";

const PAGES = [
  ["flow-logs", "navFlowLogs"],
  ["inventory", "navInventory"],
  ["import", "navImport"],
  ["records", "navRecords"],
  ["report", "navReport"],
] as const;
type PageId = (typeof PAGES)[number][0];

function readHash(): { page: PageId; params: Record<string, string> } {
  const [name, query] = location.hash.replace(/^#/, "").split("?");
  const page = (PAGES.find(([id]) => id === name)?.[0] ?? "flow-logs") as PageId;
  return { page, params: Object.fromEntries(new URLSearchParams(query ?? "")) };
}

export function Viewer(props: {
  base: Omit<App, "revision" | "changed" | "go">;
  queue: ImportQueue;
  sampleUrl: string;
  onRevision: (fn: () => void) => void;
}) {
  const [route, setRoute] = useState(readHash);
  const [revision, setRevision] = useState(0);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // First run: an empty store opens on Import, where a dropped capture proposes its network.
    if (location.hash) return;
    void Promise.all([props.base.cp.flowLogs(), props.base.cp.logstores(), props.base.cp.inventory()]).then(
      ([f, l, inv]) => {
        if (!location.hash && !f.length && !l.length && !inv.regions.length) location.hash = "#import";
      },
      () => {},
    );
  }, []);
  useEffect(() => {
    const onHash = () => setRoute(readHash());
    addEventListener("hashchange", onHash);
    props.onRevision(() => setRevision((r) => r + 1));
    return () => removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    // Files dropped anywhere on the page are imported; the browser must not open them.
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes("Files");
    const enter = (e: DragEvent) => {
      if (hasFiles(e)) {
        depth++;
        setDragging(true);
      }
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (!depth) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void droppedFiles(e.dataTransfer).then((files) => {
        if (!files.length) return;
        props.queue.add(files);
        location.hash = "#import";
      });
    };
    addEventListener("dragenter", enter);
    addEventListener("dragleave", leave);
    addEventListener("dragover", over);
    addEventListener("drop", drop);
    return () => {
      removeEventListener("dragenter", enter);
      removeEventListener("dragleave", leave);
      removeEventListener("dragover", over);
      removeEventListener("drop", drop);
    };
  }, []);

  const app = useMemo<App>(
    () => ({
      ...props.base,
      revision,
      changed: () => setRevision((r) => r + 1),
      go: (hash) => {
        location.hash = hash;
      },
    }),
    [revision],
  );
  return (
    <AppContext.Provider value={app}>
      <header class="top">
        <div class="brand">
          <img src="icons/icon-32.png" alt="" width={20} height={20} /> FlowLens
        </div>
        <nav aria-label={t("mainNav")}>
          {PAGES.map(([id, label]) => (
            <a key={id} href={`#${id}`} aria-current={route.page === id ? "page" : undefined}>
              {t(label)}
            </a>
          ))}
        </nav>
        <span class="offline" title={t("offlineTitle")}>
          {t("offline")}
        </span>
      </header>
      <main>
        {route.page === "flow-logs" && <FlowLogsPage />}
        {route.page === "inventory" && <InventoryPage />}
        {route.page === "import" && <ImportPage queue={props.queue} sampleUrl={props.sampleUrl} />}
        {route.page === "records" && <RecordsPage params={route.params as RecordsParams} />}
        {route.page === "report" && <ReportPage params={route.params} />}
      </main>
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          {t("dropNow")}
        </div>
      )}
    </AppContext.Provider>
  );
}
