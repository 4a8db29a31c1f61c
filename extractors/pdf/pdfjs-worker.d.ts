// pdfjs-dist ships no types for its legacy worker bundle; this is the one entry point used.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: {
    initializeFromPort(port: unknown): void;
  };
}
