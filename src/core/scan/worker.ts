/**
 * Entry of the scan worker bundle (dist/worker.js). The extension host starts it in a worker_thread for
 * workspace and git scans, so a scan of thousands of files never blocks the editor.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runWorkerJob } from './workerJob';
import type { HostToWorker, WorkerJob, WorkerToHost } from './workerProtocol';

if (parentPort) {
  const port = parentPort;
  const controller = new AbortController();
  port.on('message', (message: HostToWorker) => {
    if (message?.type === 'cancel') controller.abort();
  });
  void runWorkerJob(workerData as WorkerJob, (message: WorkerToHost) => port.postMessage(message), controller.signal).finally(() => port.close());
}
