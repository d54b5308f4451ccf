import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { HostToWorker, WorkerJob, WorkerToHost } from '../core/scan/workerProtocol';

/** What a finished job gives back. */
export type WorkerOutcome = Extract<WorkerToHost, { type: 'done' }>;

/** How long a cancelled worker gets to send its partial result before it is terminated. */
const CANCEL_GRACE_MS = 3000;

/**
 * Runs a scan job in a worker_thread (dist/worker.js, the engine bundled with the job runner), so the
 * extension host's main thread only receives progress and results. Cancelling asks the worker to stop
 * and return what it found; a worker that does not answer in time is terminated.
 */
export function runScanJob(job: WorkerJob, token: vscode.CancellationToken, onProgress: (done: number, total: number) => void): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: job, name: 'agent-guard-scan' });
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      cancelListener.dispose();
      void worker.terminate();
      action();
    };
    const cancelListener = token.onCancellationRequested(() => {
      worker.postMessage({ type: 'cancel' } satisfies HostToWorker);
      graceTimer = setTimeout(() => finish(() => resolve({ type: 'done', results: [], cancelled: true, durationMs: 0 })), CANCEL_GRACE_MS);
    });
    worker.on('message', (message: WorkerToHost) => {
      switch (message.type) {
        case 'progress':
          onProgress(message.done, message.total);
          break;
        case 'done':
          finish(() => resolve(message));
          break;
        case 'failed':
          finish(() => reject(new Error(message.message)));
          break;
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the scan worker stopped unexpectedly (exit code ${code})`))));
    if (token.isCancellationRequested) worker.postMessage({ type: 'cancel' } satisfies HostToWorker);
  });
}
