/**
 * The messages between the extension host and the dashboard webview. Both sides import this one file
 * (the webview bundle through tsup), so a change to a message is a compile error on both ends.
 * Everything that arrives over `postMessage` is checked before use: here, and by the validators of each part
 * (protocol-update, -confusion, -pad, -history, -units).
 */

import {
  type CellDigitsMessage,
  type CellDigitsRequest,
  isCellDigitsMessage,
  parseCellDigitsRequest,
} from './protocol-confusion';
import {
  type CompareMessage,
  type HistoryMessage,
  type HistoryRequest,
  isCompareMessage,
  isHistoryMessage,
  parseHistoryRequest,
} from './protocol-history';
import { isPadPictureMessage, type PadPictureMessage } from './protocol-pad';
import {
  isUnitDigitsMessage,
  isUnitsMessage,
  parseUnitDigitsRequest,
  parseUnitsRequest,
  type UnitDigitsMessage,
  type UnitDigitsRequest,
  type UnitsMessage,
  type UnitsRequest,
} from './protocol-units';
import { isUpdateMessage, type UpdateMessage } from './protocol-update';

export type {
  BatchPoint,
  ConfusionShown,
  EpochPoint,
  PadModel,
  RunStatus,
  RunSummary,
  WeightsSnapshot,
  WireLayer,
} from '@nn/views/view-data';
export type { CellDigitsMessage, CellDigitsRequest } from './protocol-confusion';
export type { CompareMessage, HistoryMessage, HistoryRequest, HistoryRun, HistoryStatus } from './protocol-history';
export type { PadPictureMessage } from './protocol-pad';
export type { UnitDigitsMessage, UnitDigitsRequest, UnitsMessage, UnitsRequest } from './protocol-units';
export type { UpdateMessage } from './protocol-update';

/** Which part of the dashboard is shown: everything, or the weight heatmaps on their own. */
export type DashboardView = 'dashboard' | 'weights';

export interface ShowViewMessage {
  type: 'view';
  view: DashboardView;
}

export type HostToWebview =
  | UpdateMessage
  | ShowViewMessage
  | CellDigitsMessage
  | PadPictureMessage
  | HistoryMessage
  | CompareMessage
  | UnitsMessage
  | UnitDigitsMessage;

/** The webview asks for everything so far (after it loads, is revived or comes back from hiding). */
export interface ReadyMessage {
  type: 'ready';
}

/** The webview reports a problem it met; the host writes it to the output channel. */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
}

/** The page drew the update `seq` (with its weights): the host may send the next snapshot. */
export interface DrawnMessage {
  type: 'drawn';
  seq: number;
}

/**
 * The user reached for the digit pad (the pointer over it, a stroke, a picture shown): from now on the host sends
 * this page the run's full network for it. Pages that never use the pad are not sent megabytes they do not need.
 */
export interface PadWantedMessage {
  type: 'padWanted';
}

/** The user pressed "Train MNIST" in the empty dashboard. */
export interface TrainMessage {
  type: 'train';
}

/** The user pressed "Resume" on a stopped run; the host looks `runId` up inside its runs folder. */
export interface ResumeMessage {
  type: 'resume';
  runId: string;
}

export type WebviewToHost =
  | ReadyMessage
  | WebviewErrorMessage
  | DrawnMessage
  | PadWantedMessage
  | ResumeMessage
  | TrainMessage
  | CellDigitsRequest
  | HistoryRequest
  | UnitsRequest
  | UnitDigitsRequest;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const VIEWS: readonly string[] = ['dashboard', 'weights'];

/** Checks a message for the webview; returns it typed, or undefined when it is unknown or malformed. */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'view') {
    return typeof value.view === 'string' && VIEWS.includes(value.view)
      ? (value as unknown as ShowViewMessage)
      : undefined;
  }
  if (value.type === 'cellDigits')
    return isCellDigitsMessage(value) ? (value as unknown as CellDigitsMessage) : undefined;
  if (value.type === 'padPicture') {
    return isPadPictureMessage(value) ? (value as unknown as PadPictureMessage) : undefined;
  }
  if (value.type === 'history') return isHistoryMessage(value) ? (value as unknown as HistoryMessage) : undefined;
  if (value.type === 'compare') return isCompareMessage(value) ? (value as unknown as CompareMessage) : undefined;
  if (value.type === 'units') return isUnitsMessage(value) ? (value as unknown as UnitsMessage) : undefined;
  if (value.type === 'unitDigits') {
    return isUnitDigitsMessage(value) ? (value as unknown as UnitDigitsMessage) : undefined;
  }
  if (value.type !== 'update') return undefined;
  return isUpdateMessage(value) ? (value as unknown as UpdateMessage) : undefined;
}

/** Checks a message from the webview; returns it typed, or undefined when it is unknown or malformed. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'ready') return { type: 'ready' };
  if (value.type === 'error' && typeof value.message === 'string') return { type: 'error', message: value.message };
  if (value.type === 'train') return { type: 'train' };
  if (value.type === 'drawn' && isCount(value.seq)) return { type: 'drawn', seq: value.seq };
  if (value.type === 'padWanted') return { type: 'padWanted' };
  if (value.type === 'resume' && typeof value.runId === 'string') return { type: 'resume', runId: value.runId };
  if (value.type === 'cellDigits') return parseCellDigitsRequest(value);
  if (value.type === 'units') return parseUnitsRequest(value);
  if (value.type === 'unitDigits') return parseUnitDigitsRequest(value);
  return parseHistoryRequest(value);
}

/** A short description of a rejected message for the log, without dumping megabytes of weights. */
export function describeMessage(value: unknown): string {
  if (!isObject(value)) return typeof value;
  const type = typeof value.type === 'string' ? value.type : '(no type)';
  return `type ${JSON.stringify(type)} with fields ${Object.keys(value).sort().join(', ')}`;
}
