// The small part of Eleventy 3's programmatic API that support-matrix uses;
// the package ships no type declarations.
declare module '@11ty/eleventy' {
  export interface EleventyOptions {
    quietMode?: boolean;
    configPath?: string | false;
    config?: (eleventyConfig: { addGlobalData(name: string, value: unknown): unknown }) => void | Promise<void>;
  }
  export class Eleventy {
    constructor(input: string, output: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    watch(): Promise<unknown>;
    serve(port?: number): Promise<unknown>;
    close(): Promise<void>;
  }
}
