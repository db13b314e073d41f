import type { TrainConfig } from './train-config';

/**
 * The settings a run actually used (its recipe with the user's overrides applied), recipe first, as name/value
 * rows: what the dashboard, the output channel and `nn report` show.
 */
export function describeConfig(config: TrainConfig): [string, string][] {
  const rows: [string, string][] = [
    ['recipe', config.recipe],
    ['dataset', config.dataset],
    ['hidden layers', config.hiddenLayers.join(', ') || 'none'],
    ['activation', config.activation],
    ['loss', config.loss],
    [
      'optimizer',
      config.momentum === undefined ? config.optimizer : `${config.optimizer}, momentum ${config.momentum}`,
    ],
    ['learning rate', `${config.learningRate} (${config.schedule})`],
    ['batch size', String(config.batchSize)],
    ['epochs', String(config.epochs)],
    ['seed', String(config.seed)],
    ['dropout', String(config.dropout)],
    ['augmentation', config.augmentation ? JSON.stringify(config.augmentation) : 'none'],
    ['training images', config.limit === undefined ? 'all' : `first ${config.limit}`],
    ['threads', String(config.threads ?? 1)],
  ];
  return rows;
}
