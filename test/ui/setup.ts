// Component tests render into happy-dom with the English messages of _locales/
// (read from the repository root: under happy-dom import.meta.url is not a file URL).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fromMessages, setMessages } from "../../src/ui/i18n";

setMessages(fromMessages(JSON.parse(readFileSync(resolve(process.cwd(), "extension/_locales/en/messages.json"), "utf8"))), "en");

/** Lets preact's effects and the promises they start settle. */
export const settle = async (ms = 20) => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, ms / 5));
};

/** Types into an input as a user does: value set, input event fired. */
export function typeInto(el: Element | null, value: string) {
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

export function choose(el: Element | null, value: string) {
  const select = el as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

/** The error text shown at the field labelled `label`, or null. */
export function errorAt(root: Element, label: string): string | null {
  const field = [...root.querySelectorAll(".field")].find((f) => f.querySelector("label")?.textContent === label);
  if (!field) throw new Error(`no field labelled ${label}`);
  return field.querySelector(".error")?.textContent ?? null;
}

/**
 * Waits until `ready` holds (what the test waits for, not a guess at how long it takes):
 * checked after each turn of the event loop, failing after `limitMs`.
 */
export async function until(ready: () => boolean | Promise<boolean>, what: string, limitMs = 5000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`waited ${limitMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
