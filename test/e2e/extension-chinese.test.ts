// The UI follows the browser's language: Chromium started in Simplified Chinese shows
// the _locales/zh_CN strings, and the control plane's refusals in Chinese.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "./browser";
import { type LoadedExtension, loadExtension } from "./extension";

let ext: LoadedExtension;
let page: Page;

describe.runIf(CHROMIUM)("the extension in Chinese", () => {
  beforeAll(async () => {
    ext = await loadExtension(undefined, { lang: "zh-CN" });
    page = await ext.open("viewer.html#flow-logs");
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("names the pages in Chinese", async () => {
    expect(await page.locator("header nav a").allTextContents()).toEqual(["流日志", "网络清单", "导入", "记录", "报表"]);
    await page.getByText("暂无流日志").waitFor();
  });

  it("shows a refusal in Chinese at its field", async () => {
    const form = page.getByRole("form", { name: "创建 Logstore" });
    await form.getByLabel("Project").fill("Bad_Project");
    await form.getByLabel("Logstore").fill("flows");
    await form.getByRole("button", { name: "创建 Logstore" }).click();
    await page.getByText("Project 名称为 3-63 个小写字母、数字或中划线，且不能以中划线开头或结尾").waitFor();
    await ext.screenshot(page, "zh-flow-logs");
  });
});
