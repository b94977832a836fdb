// A search's Export: one of the text formats as a download, or AWS's S3 layout (Parquet with
// athena.sql, or gzipped text) as a zip — or, where the browser can write into a folder
// (Chromium), into the folder the user picks. A record the layout cannot place (no region or
// account) is told here, and an export into a folder that fails takes its files back.
import { useState } from "preact/hooks";
import { RECORD_FORMATS, type RecordFormat } from "../../formats/record-writers";
import { ErrorBox } from "../components/Field";
import { hasFolderPicker, pickFolder } from "../file-handles";
import { errorText, formatCount, t } from "../i18n";
import { download, downloadBlob, useApp } from "../models/app";

export type ExportFormat = RecordFormat | "parquet" | "s3-text";

export function ExportControls(props: { resultId: string; logstore: string; format: ExportFormat; onFormat: (f: ExportFormat) => void }) {
  const app = useApp();
  const { format } = props;
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  // What names the partitions of records that carry no region or account, nor a flow log that says.
  const [region, setRegion] = useState("");
  const [account, setAccount] = useState("");
  const place = { region: region.trim() || undefined, account: account.trim() || undefined };
  const tree = format === "parquet" || format === "s3-text";
  const layout = format === "parquet" ? "parquet" : "text";
  const stamp = () => `${props.logstore}-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}`;

  async function exportFile() {
    setError(null);
    setWritten(null);
    if (tree) {
      await app.worker.exportSearchTree(props.resultId, { layout, ...place }).then(
        (out) => downloadBlob(out.zip!, `${stamp()}-AWSLogs-${layout}.zip`),
        (e) => setError(errorText(e)),
      );
      return;
    }
    const out = await app.worker.exportSearch(props.resultId, format as RecordFormat);
    download(`${stamp()}.${format === "jsonl" ? "jsonl" : format === "alibaba-csv" ? "csv" : "log"}`, out.text);
  }

  async function exportToFolder() {
    setError(null);
    setWritten(null);
    const directory = await pickFolder().catch((e) => {
      setError(errorText(e));
      return null;
    });
    if (!directory) return;
    await app.worker.exportSearchTree(props.resultId, { layout, directory, ...place }).then(
      (out) => setWritten(t("exportedToFolder", formatCount(out.records), formatCount(out.files), directory.name)),
      (e) => setError(errorText(e)),
    );
  }

  return (
    <>
      <label>
        {t("exportAs")}
        <select value={format} onChange={(e) => props.onFormat(e.currentTarget.value as ExportFormat)}>
          {RECORD_FORMATS.map((f) => (
            <option value={f}>{f}</option>
          ))}
          <option value="parquet">{t("exportParquet")}</option>
          <option value="s3-text">{t("exportS3Text")}</option>
        </select>
      </label>
      {tree && (
        <>
          <label>
            {t("exportRegion")}
            <input size={14} value={region} data-testid="export-region" onInput={(e) => setRegion(e.currentTarget.value)} />
          </label>
          <label>
            {t("exportAccount")}
            <input size={14} value={account} data-testid="export-account" onInput={(e) => setAccount(e.currentTarget.value)} />
          </label>
        </>
      )}
      <button type="button" data-testid="export" onClick={exportFile}>
        {t("export")}
      </button>
      {tree && hasFolderPicker() && (
        <button type="button" data-testid="export-folder" onClick={exportToFolder}>
          {t("exportToFolder")}
        </button>
      )}
      {written && (
        <span class="muted" role="status" data-testid="export-written">
          {written}
        </span>
      )}
      <ErrorBox error={error} testId="export-error" />
    </>
  );
}
