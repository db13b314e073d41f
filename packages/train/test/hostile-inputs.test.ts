import { describe, expect, it } from 'vitest';
import { loadModel, RunFolderError, TrainError } from '../src/index';
import { decodeTrainingState } from '../src/job/checkpoint';

describe('model arguments that are not model files are refused before reading', () => {
  it('/dev/zero as a model is a TrainError naming it, not a hang', () => {
    expect(() => loadModel('/dev/zero')).toThrow(TrainError);
    expect(() => loadModel('/dev/zero')).toThrow(/cannot read model \/dev\/zero: .*not a regular file/);
  });

  it('a resume state that is not a regular file is a RunFolderError', () => {
    expect(() => decodeTrainingState('/dev/zero')).toThrow(RunFolderError);
    expect(() => decodeTrainingState('/dev/zero')).toThrow(/not a regular file/);
  });
});
