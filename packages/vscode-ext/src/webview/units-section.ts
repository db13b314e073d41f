import { HistogramsView } from '@nn/views/histograms-view';
import type { WeightsView } from '@nn/views/weights-view';
import type { UnitDigitsMessage, UnitDigitsRequest, UnitsMessage, UnitsRequest } from '../protocol-units';

/**
 * The page's side of the unit and histogram views: asks the host for the shown run's unit statistics and weight
 * histograms whenever a new epoch arrives (they are written at each epoch's end), hands them to the views, and
 * routes a click on a unit's tile to the host and its digits back. Answers for another run are dropped.
 */
export class UnitsSection {
  readonly histograms: HistogramsView;
  private weights: WeightsView | undefined;
  private runId: string | undefined;
  private epochsAsked = -1;

  constructor(
    histograms: HTMLElement,
    caption: HTMLElement,
    private readonly post: (message: UnitsRequest | UnitDigitsRequest) => void,
  ) {
    this.histograms = new HistogramsView(histograms, caption);
    this.histograms.clear();
  }

  /** The WeightsView's `askUnit`: a click on a unit's tile. */
  readonly askDigits = (unit: number, epoch: number): void => {
    if (this.runId) this.post({ type: 'unitDigits', runId: this.runId, epoch, unit });
  };

  attach(weights: WeightsView): void {
    this.weights = weights;
  }

  /** Called after each render with the shown run and how many epochs it has finished. */
  follow(runId: string | undefined, epochs: number): void {
    if (runId !== this.runId) {
      this.runId = runId;
      this.epochsAsked = -1;
      this.weights?.showUnits(undefined);
      this.histograms.clear();
    }
    if (!runId || epochs === this.epochsAsked) return;
    this.epochsAsked = epochs;
    this.post({ type: 'units', runId });
  }

  receive(message: UnitsMessage | UnitDigitsMessage): void {
    if (message.runId !== this.runId) return;
    if (message.type === 'unitDigits') {
      this.weights?.answerUnit(message);
      return;
    }
    this.weights?.showUnits(message.units);
    this.histograms.show(message.histograms);
    document.body.dataset.unitsEpoch = String(message.units?.epoch ?? 0);
    document.body.dataset.histogramEpochs = String(message.histograms.length);
  }

  applyTheme(): void {
    this.histograms.applyTheme();
    this.weights?.applyTheme();
  }
}
