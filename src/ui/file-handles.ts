// Files with their handles where the browser gives them (Chromium's File System Access:
// a dropped item's getAsFileSystemHandle, showOpenFilePicker), so that a capture can be read
// again later for a record's packets without asking for it; elsewhere (Firefox) plain files.

export interface PickedFile {
  file: File;
  handle?: FileSystemFileHandle;
}

type HandleItem = DataTransferItem & { getAsFileSystemHandle?: () => Promise<FileSystemHandle | null> };
type Permissions = { queryPermission?(o: object): Promise<string>; requestPermission?(o: object): Promise<string> };
type Picker = { showOpenFilePicker?: (o: object) => Promise<FileSystemFileHandle[]> };

/** A drop's files, each with its handle when there is one. Call it in the drop event: the items are gone after it. */
export function droppedFiles(dt: DataTransfer | null): Promise<PickedFile[]> {
  const files = [...(dt?.files ?? [])];
  const items = [...(dt?.items ?? [])].filter((i) => i.kind === "file") as HandleItem[];
  const handles = items.length === files.length ? items.map((i) => i.getAsFileSystemHandle?.().catch(() => null) ?? null) : [];
  return Promise.all(
    files.map(async (file, k) => {
      const h = await handles[k];
      return h?.kind === "file" ? { file, handle: h as FileSystemFileHandle } : { file };
    }),
  );
}

// Set when the picker failed for another reason than the user closing it: the file input from then on.
let pickerFailed = false;

/** Whether the file picker that keeps handles is there (and has not failed). */
export const hasPicker = (): boolean => !pickerFailed && typeof (globalThis as Picker).showOpenFilePicker === "function";

/** The files chosen in the picker that keeps handles; null when it failed (use the file input). */
export async function pickFiles(): Promise<PickedFile[] | null> {
  try {
    const handles = await (globalThis as Picker).showOpenFilePicker!({ multiple: true });
    return await Promise.all(handles.map(async (handle) => ({ file: await handle.getFile(), handle })));
  } catch (e) {
    if ((e as Error).name === "AbortError") return []; // the user closed the picker
    pickerFailed = true;
    return null;
  }
}

/** The file behind a kept handle, asking for read permission again if the browser wants it; null if refused or gone. */
export async function fileOfHandle(handle: FileSystemFileHandle): Promise<File | null> {
  const h = handle as FileSystemFileHandle & Permissions;
  const mode = { mode: "read" };
  if (h.queryPermission && (await h.queryPermission(mode)) !== "granted" && (await h.requestPermission?.(mode)) !== "granted") return null;
  return handle.getFile().catch(() => null);
}

type FolderPicker = { showDirectoryPicker?: (o: object) => Promise<FileSystemDirectoryHandle> };

/** Whether the browser can give a folder to write into (Chromium's showDirectoryPicker). */
export const hasFolderPicker = (): boolean => typeof (globalThis as FolderPicker).showDirectoryPicker === "function";

/** A folder the user picks to write into; null when they closed the picker. */
export async function pickFolder(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return await (globalThis as FolderPicker).showDirectoryPicker!({ mode: "readwrite", id: "flowlens-export" });
  } catch (e) {
    if ((e as Error).name === "AbortError") return null;
    throw e;
  }
}
