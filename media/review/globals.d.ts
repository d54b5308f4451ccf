/** Injected by VS Code into every webview. */
declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): { openDetails: string[]; comments: Record<string, string> } | undefined;
  setState(state: unknown): void;
};
