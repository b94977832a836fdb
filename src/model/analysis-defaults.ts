// Defaults the analyses share between the CLI and the viewer's stored settings (docs/history.md #12:
// the scan threshold was 20 in one and 100 in the other).

/** A source is a scan at this many destinations or ports in one window. */
export const SCAN_THRESHOLD = 20;
