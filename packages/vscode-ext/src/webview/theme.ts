/** Colours from the VS Code theme (its --vscode-* CSS variables), so light, dark and high contrast all read well. */
export interface ThemeColors {
  foreground: string;
  grid: string;
  train: string;
  test: string;
  batch: string;
  smoothed: string;
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
  };
}
