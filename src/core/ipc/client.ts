import * as net from 'node:net';
import type { EndpointInfo } from './endpoint';
import type { IpcResponse, ReviewRequest } from './protocol';

export class IpcTimeoutError extends Error {
  constructor(ms: number) {
    super(`no decision within ${Math.round(ms / 1000)} s`);
    this.name = 'IpcTimeoutError';
  }
}

/** Sends one request and waits for the answer, up to `timeoutMs`. Connection errors reject. */
export function sendReviewRequest(endpoint: EndpointInfo, request: Omit<ReviewRequest, 'token'>, timeoutMs: number): Promise<IpcResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint.socketPath);
    let buffered = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new IpcTimeoutError(timeoutMs));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${JSON.stringify({ ...request, token: endpoint.token })}\n`));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('end', () => {
      clearTimeout(timer);
      const line = buffered.split('\n')[0];
      try {
        resolve(JSON.parse(line) as IpcResponse);
      } catch {
        reject(new Error('the extension sent a malformed answer'));
      }
    });
  });
}
