// Types of step-layers.mjs's exports, for the TypeScript tests that read them.
export declare const RELU: number;
export declare const SIGMOID: number;
export declare const TANH: number;
export declare const SOFTMAX: number;
/** The WAT of the per-layer functions of a step. */
export declare function stepLayerFunctions(): string;
