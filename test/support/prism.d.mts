export declare const specPath: string;
export declare function prismEntry(): string;
export declare function freePort(): Promise<number>;
export interface RunningPrism {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}
export declare function startPrism(options?: { port?: number; logLevel?: string; timeoutMs?: number; spec?: string; onLog?: (text: string) => void }): Promise<RunningPrism>;
