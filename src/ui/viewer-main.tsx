// Entry of viewer.html: the browser's language, the database, the worker, then the page.
import { transfer, transferHandlers } from "comlink";
import { render } from "preact";
import { startBrowserEngine, startEnginePort } from "../engine/client";
import { carryErrors } from "../model/flowlens-error";
import { rebuildPageError } from "../model/problems";
import { extensionUrl, getMessage, uiLanguage } from "../platform/browser";
import { createControlPlane } from "../storage/control-plane";
import { openFlowLensDb } from "../storage/schema";
import type { ViewerWorkerApi } from "../workspace/api";
import { setMessages } from "./i18n";
import { createImportQueue } from "./models/import-queue";
import { Viewer } from "./Viewer";

// What the worker throws comes back as the page's own error classes, with their texts to render in the UI's language.
transferHandlers.set("throw", carryErrors(transferHandlers.get("throw")!, rebuildPageError));

async function main() {
  setMessages(getMessage, uiLanguage());
  document.documentElement.lang = uiLanguage();
  const root = document.getElementById("app")!;
  try {
    const db = await openFlowLensDb();
    const worker = startBrowserEngine<ViewerWorkerApi>(new URL("./worker.js", import.meta.url)).api;
    void worker.setLanguage(uiLanguage());
    // The capture engine's worker, started here and handed to the viewer's worker as a port.
    const enginePort = startEnginePort(new URL("./engine-worker.js", import.meta.url), (why) => void worker.engineStopped(why));
    void worker.useEngine(transfer(enginePort, [enginePort]));
    let bump = () => {};
    const queue = createImportQueue(worker, () => bump());
    render(
      <Viewer
        base={{ cp: createControlPlane(db), worker }}
        queue={queue}
        sampleUrl={extensionUrl("samples/tcpdump-veth.pcap")}
        onRevision={(fn) => (bump = fn)}
      />,
      root,
    );
    document.body.dataset.ready = "yes";
  } catch (e) {
    root.textContent = `FlowLens could not start: ${(e as Error).message}`;
    document.body.dataset.ready = "error";
  }
}

void main();
