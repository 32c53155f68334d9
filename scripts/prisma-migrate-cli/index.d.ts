/** Absolute path of the pinned prisma@6.19 CLI entry point (build/index.js). */
export declare const cliPath: string;
export declare const version: string;
