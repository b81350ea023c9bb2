/** Types of scripts/build-cli.mjs (plain JavaScript so that it runs without tsx). */
export declare const CLI_DIR: string;
export declare const CLI_ENTRY: string;
export declare function freshCli(root: string): string | undefined;
export declare function buildCli(root: string): Promise<string>;
