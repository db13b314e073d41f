import * as vscode from 'vscode';

/** The `nn.runsFolder` setting as written (trimmed); empty when the user did not choose one. */
export function configuredRunsFolder(): string {
  const value = vscode.workspace.getConfiguration('nn').get('runsFolder');
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Where runs go: the configured folder (relative to the first workspace folder), else .nn/runs in the
 * workspace, else the extension's global storage when no folder is open.
 */
export function resolveRunsFolder(configured: string, globalStorageUri: vscode.Uri): string {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (configured) {
    const relative = !configured.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(configured);
    return relative && workspace ? vscode.Uri.joinPath(workspace, configured).fsPath : configured;
  }
  if (workspace) return vscode.Uri.joinPath(workspace, '.nn', 'runs').fsPath;
  return vscode.Uri.joinPath(globalStorageUri, 'runs').fsPath;
}

/**
 * Shows a run folder without leaving the window: in the Explorer when it is inside the workspace, in the
 * system's file manager on a local machine otherwise, and by its path on a remote host (code-server), where
 * the file manager would open on the server's desktop.
 */
export async function revealRunFolder(path: string): Promise<void> {
  const uri = vscode.Uri.file(path);
  if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else if (!vscode.env.remoteName) await vscode.commands.executeCommand('revealFileInOS', uri);
  else void vscode.window.showInformationMessage(`NN: the run folder is ${path}`);
}
