/** What the browser tests of the dashboard share: the Chromium to launch, the editor around the page, messages in. */
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Stands in for the editor around the page: acquireVsCodeApi (state kept across reloads) and a dark theme. */
export function editorShim(): void {
  const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi(): unknown };
  w.__posted = [];
  w.acquireVsCodeApi = () => ({
    postMessage: (message: unknown) => w.__posted.push(message),
    getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
    setState: (state: unknown) => sessionStorage.setItem('state', JSON.stringify(state)),
  });
  const theme: Record<string, string> = {
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-panel-border': '#3c3c3c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-button-background': '#0e639c',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#3a3d41',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-font-family': 'sans-serif',
  };
  const apply = () => {
    const root = document.documentElement;
    if (!root) return false;
    for (const [name, value] of Object.entries(theme)) root.style.setProperty(name, value);
    return true;
  };
  if (!apply())
    new MutationObserver((_, observer) => apply() && observer.disconnect()).observe(document, { childList: true });
}

/** Sends one host message into the page; typed arrays travel as plain arrays and become typed again there. */
export async function send(page: Page, message: unknown): Promise<void> {
  const plain = JSON.parse(
    JSON.stringify(message, (_, value) =>
      value instanceof Float32Array
        ? { f32: Array.from(value) }
        : value instanceof Uint8Array
          ? { u8: Array.from(value) }
          : value,
    ),
  );
  await page.evaluate((m) => {
    const revive = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(revive);
      if (value && typeof value === 'object') {
        const f32 = (value as { f32?: number[] }).f32;
        if (f32) return Float32Array.from(f32);
        const u8 = (value as { u8?: number[] }).u8;
        if (u8) return Uint8Array.from(u8);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
      }
      return value;
    };
    window.postMessage(revive(m), '*');
  }, plain);
}
