import type { DiffResult } from './types';

/** Host → worker: one comparison. `a` and `b` are PNG bytes whose buffers were transferred. */
export interface CompareJob {
  id: number;
  a: Uint8Array;
  b: Uint8Array;
  threshold: number;
  /** Send the mask back (transferred); without it only the numbers and boxes travel. */
  withMask: boolean;
}

/** Worker → host: the result of a job, or why it failed (`code` when it is a SceneSnapError). */
export type CompareReply =
  | { id: number; ok: true; result: Omit<DiffResult, 'mask'> & { mask?: Uint8Array } }
  | { id: number; ok: false; error: { message: string; code?: string } };
