/**
 * A small stand-in for the `vscode` module, for the controller's unit tests only (vitest aliases
 * `vscode` to this file). It records what the extension shows so tests can assert on it, and lets a
 * test decide which button the user "clicks".
 */
import { join } from 'node:path';

export class Uri {
  private constructor(readonly fsPath: string) {}
  static file(path: string): Uri {
    return new Uri(path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(join(base.fsPath, ...parts));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ProgressLocation {
  Notification = 15,
}
export enum ViewColumn {
  Beside = -2,
}

export interface Disposable {
  dispose(): void;
}

export class FakeStatusBarItem {
  text = '';
  tooltip = '';
  command: string | undefined;
  visible = false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.visible = false;
  }
}

export interface ShownMessage {
  kind: 'info' | 'warning' | 'error';
  text: string;
  buttons: string[];
}

export interface ProgressRecord {
  title: string;
  cancellable: boolean;
  reports: { message?: string; increment?: number }[];
  cancel(): void;
  finished: boolean;
}

/** What the fake editor saw; reset before each test. */
export const recorded = {
  messages: [] as ShownMessage[],
  statusBars: [] as FakeStatusBarItem[],
  progress: [] as ProgressRecord[],
  commands: [] as { command: string; args: unknown[] }[],
  panels: [] as FakeWebviewPanel[],
  settings: {} as Record<string, unknown>,
  /** The button a test's user picks for the next message that has buttons (undefined = dismissed). */
  answer: undefined as string | undefined,
  workspaceFolder: undefined as string | undefined,
  /** The files a test's user picks in the next open dialog (undefined = cancelled). */
  openDialog: undefined as string[] | undefined,
  openDialogOptions: [] as unknown[],
  /** What the save dialog answers (a path), and what it was asked. */
  saveDialog: undefined as string | undefined,
  saveDialogOptions: [] as unknown[],
  /** Picks from what a quick pick offers (undefined: the user dismissed it); the items offered are kept. */
  quickPick: undefined as ((items: { label: string }[]) => { label: string } | undefined) | undefined,
  quickPickItems: [] as { label: string; description?: string; detail?: string }[][],
};

export function resetFake(): void {
  recorded.messages = [];
  recorded.statusBars = [];
  recorded.progress = [];
  recorded.commands = [];
  recorded.panels = [];
  recorded.settings = {};
  recorded.answer = undefined;
  recorded.workspaceFolder = undefined;
  recorded.openDialog = undefined;
  recorded.openDialogOptions = [];
  recorded.saveDialog = undefined;
  recorded.saveDialogOptions = [];
  recorded.quickPick = undefined;
  recorded.quickPickItems = [];
}

function show(kind: ShownMessage['kind'], text: string, rest: unknown[]): Promise<string | undefined> {
  const buttons = rest.filter((item): item is string => typeof item === 'string');
  recorded.messages.push({ kind, text, buttons });
  return Promise.resolve(
    buttons.length > 0 && recorded.answer && buttons.includes(recorded.answer) ? recorded.answer : undefined,
  );
}

export class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  visible = true;
  viewColumn = 1;
  disposed = false;
  /** Acknowledge each update with weights as drawn (a page that keeps up); off: a page that never draws. */
  drawsUpdates = false;
  private readonly receivers: ((message: unknown) => void)[] = [];
  private readonly disposeListeners: (() => void)[] = [];
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'https://webview.test',
    asWebviewUri: (uri: Uri) => uri,
    postMessage: async (message: unknown) => {
      this.posted.push(message);
      const update = message as { weights?: unknown; seq?: number };
      // A page that draws every update at once confirms the weights, as the real page does after its frame.
      if (this.drawsUpdates && update.weights) setImmediate(() => this.receive({ type: 'drawn', seq: update.seq }));
      return true;
    },
    onDidReceiveMessage: (listener: (message: unknown) => void) => {
      this.receivers.push(listener);
      return { dispose() {} };
    },
  };
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly options: unknown,
  ) {}
  /** Delivers a message as if the page had sent it. */
  receive(message: unknown): void {
    for (const receiver of this.receivers) receiver(message);
  }
  reveal(): void {
    this.visible = true;
  }
  onDidDispose(listener: () => void) {
    this.disposeListeners.push(listener);
    return { dispose() {} };
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const listener of this.disposeListeners) listener();
  }
}

export const window = {
  createWebviewPanel(viewType: string, title: string, _column: unknown, options: unknown): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title, options);
    recorded.panels.push(panel);
    return panel;
  },
  createStatusBarItem(): FakeStatusBarItem {
    const item = new FakeStatusBarItem();
    recorded.statusBars.push(item);
    return item;
  },
  showInformationMessage: (text: string, ...rest: unknown[]) => show('info', text, rest),
  showWarningMessage: (text: string, ...rest: unknown[]) => show('warning', text, rest),
  showErrorMessage: (text: string, ...rest: unknown[]) => show('error', text, rest),
  async showQuickPick<T extends { label: string }>(items: T[]): Promise<T | undefined> {
    recorded.quickPickItems.push(items);
    return recorded.quickPick?.(items) as T | undefined;
  },
  async showSaveDialog(options: unknown): Promise<Uri | undefined> {
    recorded.saveDialogOptions.push(options);
    return recorded.saveDialog === undefined ? undefined : Uri.file(recorded.saveDialog);
  },
  async showOpenDialog(options: unknown): Promise<Uri[] | undefined> {
    recorded.openDialogOptions.push(options);
    return recorded.openDialog?.map((path) => Uri.file(path));
  },
  async withProgress<T>(
    options: { title: string; cancellable: boolean },
    task: (
      progress: { report(value: { message?: string; increment?: number }): void },
      token: { onCancellationRequested(listener: () => void): Disposable },
    ) => Promise<T>,
  ): Promise<T> {
    const listeners: (() => void)[] = [];
    const record: ProgressRecord = {
      title: options.title,
      cancellable: options.cancellable,
      reports: [],
      cancel: () => {
        for (const listener of listeners) listener();
      },
      finished: false,
    };
    recorded.progress.push(record);
    const result = await task(
      { report: (value) => record.reports.push(value) },
      {
        onCancellationRequested(listener) {
          listeners.push(listener);
          return { dispose() {} };
        },
      },
    );
    record.finished = true;
    return result;
  },
};

export const workspace = {
  getConfiguration(section: string) {
    return { get: (key: string) => recorded.settings[`${section}.${key}`] };
  },
  get workspaceFolders() {
    return recorded.workspaceFolder ? [{ uri: Uri.file(recorded.workspaceFolder) }] : undefined;
  },
  getWorkspaceFolder(uri: Uri) {
    const folder = recorded.workspaceFolder;
    return folder && `${uri.fsPath}/`.startsWith(`${folder}/`) ? { uri: Uri.file(folder) } : undefined;
  },
};

export const commands = {
  async executeCommand(command: string, ...args: unknown[]): Promise<void> {
    recorded.commands.push({ command, args });
  },
};

export const env = { remoteName: undefined as string | undefined };
