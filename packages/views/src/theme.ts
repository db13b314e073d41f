/** Colours from the VS Code theme (its --vscode-* CSS variables), so light, dark and high contrast all read well. */
export interface ThemeColors {
  foreground: string;
  grid: string;
  train: string;
  test: string;
  batch: string;
  smoothed: string;
  best: string;
  learningRate: string;
  speed: string;
}

export function themeColors(element: Element = document.body): ThemeColors {
  const style = getComputedStyle(element);
  const pick = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: pick('--vscode-foreground', '#cccccc'),
    grid: pick('--vscode-editorWidget-border', pick('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    train: pick('--vscode-charts-blue', '#3794ff'),
    test: pick('--vscode-charts-orange', '#d18616'),
    batch: pick('--vscode-descriptionForeground', 'rgba(128,128,128,0.6)'),
    smoothed: pick('--vscode-charts-purple', '#b180d7'),
    best: pick('--vscode-charts-green', '#89d185'),
    learningRate: pick('--vscode-charts-red', '#f14c4c'),
    speed: pick('--vscode-charts-yellow', '#cca700'),
  };
}

/**
 * Calls `listener` when the editor switches theme. VS Code then swaps the body's class (vscode-light,
 * vscode-dark, vscode-high-contrast) and rewrites the --vscode-* variables in the root element's style.
 */
export function onThemeChange(listener: () => void): void {
  let last = JSON.stringify(themeColors());
  const check = () => {
    const now = JSON.stringify(themeColors());
    if (now === last) return;
    last = now;
    listener();
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
