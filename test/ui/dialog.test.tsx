// @vitest-environment happy-dom
// The modal dialog keeps the keyboard inside it and gives focus back when it closes.
import { render } from "preact";
import { act } from "preact/test-utils";
import { expect, it } from "vitest";
import { Dialog } from "../../src/ui/components/Dialog";

const key = (el: Element, k: string, shiftKey = false) =>
  act(() => {
    el.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey, bubbles: true, cancelable: true }));
  });

it("traps Tab and Shift+Tab, closes on Escape, and returns focus to the opener", () => {
  const opener = document.createElement("button");
  const root = document.createElement("div");
  document.body.replaceChildren(opener, root);
  opener.focus();
  let closed = 0;
  act(() =>
    render(
      <Dialog title="Delete" onClose={() => closed++}>
        <button type="button" id="a">
          A
        </button>
        <button type="button" id="b">
          B
        </button>
      </Dialog>,
      root,
    ),
  );
  expect(document.activeElement?.id).toBe("a");
  key(document.activeElement!, "Tab");
  expect(document.activeElement?.id).toBe("b");
  key(document.activeElement!, "Tab");
  expect(document.activeElement?.id).toBe("a");
  key(document.activeElement!, "Tab", true);
  expect(document.activeElement?.id).toBe("b");
  key(document.activeElement!, "Escape");
  expect(closed).toBe(1);
  act(() => render(null, root));
  expect(document.activeElement).toBe(opener);
});
