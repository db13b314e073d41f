// The training worker thread's file inside the packaged extension: @nn/train's worker body, bundled.
import { runTrainingWorker } from '@nn/train';

void runTrainingWorker();
