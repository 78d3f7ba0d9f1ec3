/**
 * Compares in worker threads sized to the machine: one CompareClient (one worker each) per core, up to 8
 * (not one fewer: the main thread mostly waits on the network and the workers),
 * each call sent to the least busy. (The core's CompareClient runs one worker; a pool in the core was
 * being written at the same time; this small one serves the command line until then.)
 */
import { availableParallelism } from 'node:os';
import { CompareClient, type ClientResult, type CompareCallOptions } from '../core/images/compareClient';

export class ComparePool {
  private readonly clients: { client: CompareClient; busy: number }[];

  constructor(size = Math.max(1, Math.min(8, availableParallelism()))) {
    this.clients = Array.from({ length: size }, () => ({ client: new CompareClient(), busy: 0 }));
  }

  async compare(a: Uint8Array, b: Uint8Array, options: CompareCallOptions): Promise<ClientResult> {
    const lane = this.clients.reduce((best, c) => (c.busy < best.busy ? c : best));
    lane.busy++;
    try {
      return await lane.client.compare(a, b, options);
    } finally {
      lane.busy--;
    }
  }

  dispose(): void {
    for (const c of this.clients) c.client.dispose();
  }
}
