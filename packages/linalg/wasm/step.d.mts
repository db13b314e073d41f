// Types of step.mjs's exports, for the TypeScript tests that read them.
/** Header words of a plan. */
export declare const H: Readonly<Record<string, number>>;
/** Words of a plan's layer record. */
export declare const L: Readonly<Record<string, number>>;
/** The WAT of the step's functions. */
export declare function stepFunctions(): string;
/** The WAT of the Math imports the step calls. */
export declare const stepImports: string;
/** From this many units on, layer 0's forward writes down z's columns. */
export declare const WIDE_COLUMNS: number;
