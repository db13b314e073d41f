import { describeConfig, type TrainConfig } from '@nn/train';

/** One line for the output channel. */
export function configLine(config: TrainConfig): string {
  return describeConfig(config)
    .map(([name, value]) => `${name} ${value}`)
    .join(' · ');
}
