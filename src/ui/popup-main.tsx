// Entry of popup.html. Measures itself: data-open-ms on <body> is the time from
// navigation start to the first render with data (the e2e test reads it).
import { render } from "preact";
import { getMessage, openViewer, uiLanguage } from "../platform/browser";
import { webImportLocks } from "../storage/import-locks";
import { logstoreStats, recentImports } from "../storage/logstore-stats";
import { openFlowLensDb } from "../storage/schema";
import { setMessages } from "./i18n";
import { Popup } from "./Popup";

async function main() {
  const started = performance.now();
  setMessages(getMessage, uiLanguage());
  document.documentElement.lang = uiLanguage();
  const root = document.getElementById("app")!;
  try {
    const db = await openFlowLensDb();
    const opened = performance.now();
    const [flowLogs, stores, imports] = await Promise.all([
      db.getAll("flowLogs"),
      logstoreStats(db),
      recentImports(db, 5, webImportLocks()),
    ]);
    const read = performance.now();
    render(<Popup data={{ flowLogs, stores, imports }} openViewer={() => void openViewer().then(() => window.close())} />, root);
    document.body.dataset.openMs = String(Math.round(performance.now()));
    // Where the time went, for the e2e test's figure: script start, database open, data read.
    document.body.dataset.phases = [started, opened, read].map((x) => Math.round(x)).join(" ");
    document.body.dataset.ready = "yes";
  } catch (e) {
    root.textContent = `FlowLens: ${(e as Error).message}`;
    document.body.dataset.ready = "error";
  }
}

void main();
