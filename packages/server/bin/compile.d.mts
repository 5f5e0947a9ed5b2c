/** Types of compile.mjs (plain JavaScript, so that the command runs before anything is compiled). */
export declare const DIST: string;
/** Why the compiled files cannot be used as they are, or undefined when they are current. */
export declare function staleReason(): string | undefined;
/** Compiles the server into dist/. */
export declare function compile(): Promise<void>;
/** Imports the compiled `main`, compiling first when a source changed; undefined when the compiler cannot run. */
export declare function importCompiledMain(): Promise<((args: string[]) => Promise<number>) | undefined>;
